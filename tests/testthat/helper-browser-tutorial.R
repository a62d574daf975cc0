# The learnr tutorials in a real browser: render a copy, serve it from a
# background R process and drive headless Chromium through chromote (the
# Chrome DevTools protocol). Used by test-tutorial.R.

# Skip (with a reason) unless everything a live tutorial needs is there.
skip_if_no_tutorial_browser <- function() {
  skip_on_cran()
  for (p in c("learnr", "rmarkdown", "callr", "chromote")) skip_if_not_installed(p)
  skip_if_not(rmarkdown::pandoc_available("1.14"), "pandoc is not installed")
  chrome <- tutorial_chromium()
  skip_if(!nzchar(chrome),
          "no Chromium for the browser tests: install the Debian package 'chromium' (tools/deps.R does, as root)")
  invisible(chrome)
}

tutorial_chromium <- function() {
  env <- Sys.getenv("CHROMOTE_CHROME")
  if (nzchar(env) && file.exists(env)) return(env)
  unname(Sys.which(c("chromium", "chromium-browser", "google-chrome"))[1:3][
    nzchar(Sys.which(c("chromium", "chromium-browser", "google-chrome")))][1]) %||% ""
}

`%||%` <- function(a, b) if (is.null(a) || length(a) == 0L || is.na(a)) b else a

# A rendered copy of the installed tutorial `name` in a temporary folder
# (rendering writes next to the .Rmd; the installed folder may be read-only).
tutorial_copy <- function(name, env = parent.frame()) {
  src <- system.file("tutorials", name, package = "typfrage")
  if (!nzchar(src)) stop("tutorial ", name, " is not installed")
  dir <- withr::local_tempdir(.local_envir = env)
  file.copy(list.files(src, full.names = TRUE), dir, recursive = TRUE)
  rmd <- file.path(dir, paste0(name, ".Rmd"))
  callr::r(function(f) rmarkdown::render(f, quiet = TRUE), list(rmd),
           env = c(callr::rcmd_safe_env(), R_LIBS = paste(.libPaths(), collapse = .Platform$path.sep)))
  rmd
}

# Serve the rendered tutorial `rmd` from a background R process and open it
# in headless Chromium; both end when `env` ends. Returns the chromote session.
tutorial_browser <- function(rmd, env = parent.frame()) {
  port <- httpuv::randomPort()
  srv <- callr::r_bg(
    function(f, port) {
      options(typfrage.threads = 1)
      rmarkdown::run(f, shiny_args = list(port = port, host = "127.0.0.1",
                                          launch.browser = FALSE))
    },
    args = list(f = rmd, port = port),
    env = c(callr::rcmd_safe_env(), R_LIBS = paste(.libPaths(), collapse = .Platform$path.sep))
  )
  withr::defer(srv$kill(), envir = env)
  url <- sprintf("http://127.0.0.1:%d/", port)
  up <- FALSE
  for (i in seq_len(150)) {  # at most 30 s
    up <- tryCatch({
      suppressWarnings(readLines(url, n = 1L, warn = FALSE))
      TRUE
    }, error = function(e) FALSE)
    if (up || !srv$is_alive()) break
    Sys.sleep(0.2)
  }
  if (!up) stop("the tutorial server did not start: ", srv$read_all_error())
  withr::local_envvar(CHROMOTE_CHROME = tutorial_chromium(), .local_envir = env)
  b <- chromote::ChromoteSession$new(width = 1000, height = 1200)
  withr::defer(b$close(), envir = env)
  b$Page$navigate(url)
  b$Page$loadEventFired(timeout = 30)
  wait_for(b, "window.Shiny && Shiny.shinyapp && Shiny.shinyapp.isConnected() && document.querySelectorAll('.tutorial-exercise .ace_editor').length > 0")
  # learnr restores the stored state of the exercises just after connecting;
  # an exercise submitted before that is reset (seen as a lost submission)
  Sys.sleep(3)
  b
}

js_value <- function(b, code) b$Runtime$evaluate(code, returnByValue = TRUE)$result$value

# Poll the JavaScript condition `code` until it is true (at most `timeout` s).
wait_for <- function(b, code, timeout = 30) {
  end <- Sys.time() + timeout
  repeat {
    if (isTRUE(js_value(b, code))) return(invisible(TRUE))
    if (Sys.time() > end) stop("timed out waiting for: ", code)
    Sys.sleep(0.2)
  }
}

# Put `code` into the exercise `label`, press "Submit Answer" and return the
# feedback: its alert class ("success", "danger", ...) and text.
tutorial_submit <- function(b, label, code) {
  ex <- sprintf("document.querySelector('.tutorial-exercise[data-label=\"%s\"]')", label)
  # Show the exercise's section (hidden outputs are not computed by Shiny).
  js_value(b, sprintf("(function(){var ex=%s; var s=ex.closest('.section.level2');
    var i=Array.prototype.indexOf.call(document.querySelectorAll('.section.level2'), s);
    var t=document.querySelectorAll('.topicsList .topic')[i]; if (t) t.click();
    return true;})()", ex))
  wait_for(b, sprintf("(function(){var ex=%s; return ex.querySelector('.shiny-bound-input') !== null &&
    ex.querySelector('.tutorial-exercise-output.shiny-bound-output') !== null;})()", ex))
  js_value(b, sprintf("(function(){var ex=%s; var out=ex.querySelector('.tutorial-exercise-output'); out.innerHTML='';
    ace.edit(ex.querySelector('.tutorial-exercise-code-editor')).setValue(%s, 1);
    ex.querySelector('.btn-tutorial-run[data-check=\"1\"]').click(); return true;})()",
                      ex, jsonlite::toJSON(code, auto_unbox = TRUE)))
  wait_for(b, sprintf("%s.querySelector('.tutorial-exercise-output .alert') !== null", ex), timeout = 90)
  list(
    class = js_value(b, sprintf("%s.querySelector('.tutorial-exercise-output .alert').className", ex)),
    text = js_value(b, sprintf("%s.querySelector('.tutorial-exercise-output .alert').innerText", ex))
  )
}
