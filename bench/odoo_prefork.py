#!/usr/bin/env python3
"""odoo-bin for benchmarks that start Odoo with --workers (dmsenv.start_odoo_server(script=...)).

In prefork mode the master respawns its gevent (websocket) child as ``python <argv[0]> gevent``,
and respawns it again as soon as it dies. On a Python where pkg_resources is older than the
metadata of zope.interface (setuptools 65 does not match the wheel's ``zope_interface`` dist-info
to gevent's requirement ``zope.interface``), ``gevent.monkey.patch_all()`` raises
DistributionNotFound while loading gevent's own entry points: the child dies at import, about once
a second, each time burning most of a CPU second, for as long as the server runs. Here gevent's
entry points are loaded without pkg_resources' requirement check, which is all that fails.
"""
import os
import sys

os.environ["TZ"] = "UTC"  # as odoo-bin: the server's timezone, before the time module is used

if sys.argv[1:2] == ["gevent"]:
    import gevent.events

    def _notify_and_call_entry_points(event):
        gevent.events.notify(event)
        for plugin in gevent.events.iter_entry_points(event.ENTRY_POINT_NAME):
            plugin.resolve()(event)

    gevent.events.notify_and_call_entry_points = _notify_and_call_entry_points

import odoo

if __name__ == "__main__":
    odoo.cli.main()
