-- POST a malformed form to /validate: a wrong type, answered 400.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.body = "_base=baseline&months=24&demand.china_share=lots"
