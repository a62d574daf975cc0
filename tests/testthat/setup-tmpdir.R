# Headless Chromium (the browser tests) leaves a folder org.chromium.Chromium.*
# in TMPDIR when it ends, which R CMD check reports as detritus. Processes
# started by the tests get a TMPDIR inside this session's tempdir(), which R
# removes when the tests end.
local({
  dir <- file.path(tempdir(), "tmp")
  dir.create(dir, showWarnings = FALSE)
  Sys.setenv(TMPDIR = dir)
})
