package sim

// RandomParams exposes randomParams to the external tests of this package.
var RandomParams = randomParams
