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

# Give an error of `expr` (typically rlang::arg_match(), whose message is
# kept) the class typfrage_error_input, so that every input error is classed:
# `x <- as_input_error(rlang::arg_match(x))`.
as_input_error <- function(expr) {
  tryCatch(expr, error = function(e) {
    if (!inherits(e, "typfrage_error")) {
      class(e) <- c("typfrage_error_input", "typfrage_error", class(e))
    }
    stop(e)
  })
}

# rlang::check_dots_empty() with the class typfrage_error_input: for the
# `...` of the function that calls it (`env`), naming the user's function.
check_dots_empty_input <- function(env = rlang::caller_env(), call = rlang::caller_env()) {
  force(env)
  force(call)
  as_input_error(rlang::check_dots_empty(env = env, call = call))
}
