# Headless Chromium for tests of pages the package writes (self_assessment(),
# the tutorials): one browser session per test file, driven over the
# DevTools protocol by chromote.
#
#   skip_if_no_browser()        skip (with the reason) when there is none
#   browser_open(path_or_url)   load a page and wait for its load event
#   browser_eval(js)            evaluate JavaScript, return its value
#   browser_dom()               the page's DOM as HTML
#   browser_session()           the chromote session (for Network etc.)
#
# The browser: the environment variable CHROMOTE_CHROME, else chromium,
# chromium-browser, google-chrome on the PATH (tools/deps.R installs
# Debian's `chromium` when run as root).

browser_binary <- function() {
  cand <- c(Sys.getenv("CHROMOTE_CHROME"),
            Sys.which(c("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")))
  cand <- unname(cand[nzchar(cand) & file.exists(cand)])
  if (length(cand)) cand[1] else ""
}

.browser <- new.env(parent = emptyenv())

skip_if_no_browser <- function() {
  testthat::skip_if_not_installed("chromote")
  bin <- browser_binary()
  if (!nzchar(bin)) {
    testthat::skip(paste("No headless Chromium found: install Debian's `chromium`",
                         "(`Rscript tools/deps.R` as root does) or set CHROMOTE_CHROME."))
  }
  if (is.null(.browser$session)) {
    ok <- tryCatch({
      Sys.setenv(CHROMOTE_CHROME = bin)
      chrome <- chromote::Chrome$new(path = bin, args = c("--headless", "--no-sandbox",
                                                         "--disable-gpu", "--disable-dev-shm-usage",
                                                         "--allow-file-access-from-files",
                                                         "--disable-ipc-flooding-protection"))
      .browser$chromote <- chromote::Chromote$new(browser = chrome)
      .browser$session <- chromote::ChromoteSession$new(parent = .browser$chromote,
                                                        width = 1200, height = 1000)
      TRUE
    }, error = function(e) conditionMessage(e))
    if (!isTRUE(ok)) {
      .browser$session <- NULL
      testthat::skip(paste("Headless Chromium", bin, "did not start:", ok))
    }
    withr::defer(browser_close(), envir = testthat::teardown_env())
  }
  invisible(bin)
}

browser_close <- function() {
  if (!is.null(.browser$session)) try(.browser$session$close(), silent = TRUE)
  if (!is.null(.browser$chromote)) try(.browser$chromote$close(), silent = TRUE)
  .browser$session <- .browser$chromote <- NULL
}

browser_session <- function() {
  skip_if_no_browser()
  .browser$session
}

# A file path (made absolute) or a URL as a URL; `query`: "a=1&b=2".
browser_url <- function(x, query = NULL) {
  if (!grepl("^[a-z]+:", x)) x <- paste0("file://", normalizePath(x, winslash = "/"))
  if (!is.null(query) && nzchar(query)) x <- paste0(x, "?", query)
  x
}

browser_open <- function(x, query = NULL, timeout = 30) {
  s <- browser_session()
  loaded <- s$Page$loadEventFired(wait_ = FALSE, timeout_ = timeout)
  s$Page$navigate(browser_url(x, query), wait_ = FALSE)
  s$wait_for(loaded)
  invisible(s)
}

browser_eval <- function(js, timeout = 30) {
  s <- browser_session()
  r <- s$Runtime$evaluate(js, returnByValue = TRUE, awaitPromise = TRUE, timeout_ = timeout)
  if (!is.null(r$exceptionDetails)) {
    stop("JavaScript error: ", r$exceptionDetails$exception$description %||% r$exceptionDetails$text,
         call. = FALSE)
  }
  r$result$value
}

browser_dom <- function() browser_eval("document.documentElement.outerHTML")

`%||%` <- function(a, b) if (is.null(a)) b else a
