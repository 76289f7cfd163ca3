package report

// zhCatalog holds the Chinese (simplified) text of the reports, keyed by
// the English source. Translations are the project's own.
var zhCatalog = map[string]string{}
