# Further cases of the bad-input battery (test-battery.R): same form as
# battery_cases() there; evaluated in the child where `x`, `x_df`, `fit`,
# `h`, `st`, `prof`, `w` exist.
battery_cases_survey <- function() {
  case <- function(fun, label, expr, expect = "error") {
    list(fun = fun, label = label, expr = expr, expect = expect)
  }
  list(
  )
}
