from . import res_company, res_partner, stock_location
