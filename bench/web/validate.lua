-- POST a valid 24-month scenario form to /validate (checked, not run).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.body = "_base=baseline&_seed=1&months=24&demand.china_share=0.3&compute.accounting_life_years=6&mechanisms.export_controls=false&mechanisms.export_controls=true"
