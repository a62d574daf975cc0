# Bad-input cases of the typing tools: short_form() and self_assessment()
# (the battery itself: test-battery.R).
battery_cases_typing <- function() {
  case <- function(fun, label, expr, expect = "error") {
    list(fun = fun, label = label, expr = expr, expect = expect)
  }
  q <- quote
  list(
    case("short_form", "not a typology", q(short_form(x))),
    case("short_form", "max_items above the number of items", q(short_form(fit, max_items = 99))),
    case("short_form", "target above 1", q(short_form(fit, target = 2))),
    case("short_form", "one fold", q(short_form(fit, folds = 1))),
    case("self_assessment", "not a typology", q(self_assessment(x, tempfile()))),
    case("self_assessment", "file NA", q(self_assessment(fit, NA_character_))),
    case("self_assessment", "scale labels without codes",
         q(self_assessment(fit, tempfile(), scale_labels = c(a = "low"))))
  )
}
