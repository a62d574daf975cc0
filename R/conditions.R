# Conditions: every error the package raises has class
# c(<specific>, "typfrage_error_<kind>", "typfrage_error", "rlang_error", ...).
# Input errors are "typfrage_error_input"; they are raised in R, before any
# C++ runs, and name the user's function (`call`) and argument (`arg`).

abort_typfrage <- function(message, kind = "input", class = NULL, ...,
                           call = rlang::caller_env(), .envir = parent.frame()) {
  cli::cli_abort(
    message,
    class = c(class, paste0("typfrage_error_", kind), "typfrage_error"),
    ...,
    call = call,
    .envir = .envir
  )
}

abort_input <- function(message, class = NULL, ..., call = rlang::caller_env(),
                        .envir = parent.frame()) {
  abort_typfrage(message, kind = "input", class = class, ..., call = call,
                 .envir = .envir)
}
