// Package e2e holds bubblelab's end-to-end tests in a real headless
// Chromium, driven from Go with chromedp: a generated report opened as a
// file, and the web app of `bubblelab serve` driven through its form.
//
// The tests need the Debian package chromium (/usr/bin/chromium; set
// BUBBLELAB_CHROMIUM to use another binary) and skip with a message when it
// is missing or with -short. Screenshots are written to the folder named by
// BUBBLELAB_ARTIFACTS, or to bubblelab-e2e under the system's temporary
// folder, and their paths are logged.
package e2e
