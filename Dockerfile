# The official Odoo 18.0 image with the Python packages this suite needs.
FROM odoo:18.0
USER root
# A font with the taka sign (৳, U+09F3) for the BDT amounts of the PDF reports (wkhtmltopdf)
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends fonts-lohit-beng-bengali \
    && rm -rf /var/lib/apt/lists/*
COPY requirements.txt /tmp/dms-requirements.txt
# Odoo is a Debian package here, unknown to pip, so the OCA addon wheels (which require
# odoo==18.0.*) go in without dependency resolution; everything else resolves normally.
RUN grep -v '^odoo-addon-' /tmp/dms-requirements.txt > /tmp/dms-base.txt \
    && grep '^odoo-addon-' /tmp/dms-requirements.txt > /tmp/dms-oca.txt \
    && pip3 install --no-cache-dir --break-system-packages -r /tmp/dms-base.txt \
    && pip3 install --no-cache-dir --break-system-packages --no-deps -r /tmp/dms-oca.txt \
    && rm /tmp/dms-*.txt
USER odoo
