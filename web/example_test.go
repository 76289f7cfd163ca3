package web_test

import (
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"

	"github.com/bubblelab/bubblelab/web"
)

// The app is an http.Handler: mount it on any server. Here a scenario is
// checked without being run.
func Example() {
	dir, err := os.MkdirTemp("", "bubblelab-web")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	app, err := web.New(web.Config{DataDir: dir})
	if err != nil {
		log.Fatal(err)
	}
	defer app.Close()
	ts := httptest.NewServer(app)
	defer ts.Close()

	form := url.Values{"_base": {"baseline"}, "demand.china_share": {"1.5"}}
	req, err := http.NewRequest(http.MethodPost, ts.URL+"/validate", strings.NewReader(form.Encode()))
	if err != nil {
		log.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	// The app refuses requests that change state without its own origin,
	// as a browser sends.
	req.Header.Set("Origin", ts.URL)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		log.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	fmt.Println(res.StatusCode, strings.TrimSpace(string(body)))
	// Output: 400 {"valid":false,"field":"demand.china_share","error":"1.5 must be between 0 and 1"}
}
