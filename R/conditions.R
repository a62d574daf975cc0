# Conditions: every error the package raises has class
# c("typfrage_error_<kind>", "typfrage_error", "rlang_error", "error", ...).
# Input errors are "typfrage_error_input"; they are raised in R, before any
# C++ runs, and name the user's function (`call`) and argument (`arg`).

abort_typfrage <- function(message, kind = "input", ..., call = rlang::caller_env(),
                           .envir = parent.frame()) {
  cli::cli_abort(
    message,
    class = c(paste0("typfrage_error_", kind), "typfrage_error"),
    ...,
    call = call,
    .envir = .envir
  )
}

abort_input <- function(message, ..., call = rlang::caller_env(),
                        .envir = parent.frame()) {
  abort_typfrage(message, kind = "input", ..., call = call, .envir = .envir)
}
