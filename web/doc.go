// Package web is the local web app of `bubblelab serve`: pick or edit a
// scenario in a form, run it and watch its progress, read its report,
// compare two runs, download the results, read the article's claims
// against the evidence, and upload a deal file (loops and stress test) or
// a price file (bubble detection).
//
// The app is built for one person on their own machine. It listens on
// loopback unless told otherwise, accepts only loopback Host headers (which
// defeats DNS rebinding), refuses cross-origin form posts, limits request
// bodies and uploads, runs at most a few simulations at once with a time
// limit each (more are queued, and beyond the queue refused with 429), and
// serves files only from its own data folder, under names it generated
// itself: a run or an upload is known by a random 16-hex-digit ID, and a
// file by a name from the run's own list.
//
// Every page is plain HTML with inline CSS; no page needs JavaScript. A
// run in progress refreshes itself once a second until its report is
// ready. Bad input is answered with a 4xx status and a message that names
// the field, file line or limit at fault.
package web
