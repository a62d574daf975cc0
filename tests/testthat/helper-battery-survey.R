# Further cases of the bad-input battery (test-battery.R): same form as
# battery_cases() there; evaluated in the child where `x`, `x_df`, `fit`,
# `h`, `st`, `prof`, `w` exist.
battery_cases_survey <- function() {
  case <- function(fun, label, expr, expect = "error") {
    list(fun = fun, label = label, expr = expr, expect = expect)
  }
  q <- quote
  list(
    case("as_typology", "partition", q(as_typology(x, fit$cluster)), "ok"),
    case("as_typology", "wrong-length cluster", q(as_typology(x, fit$cluster[-1]))),
    case("as_typology", "all-NA cluster", q(as_typology(x, rep(NA, 40)))),
    case("as_typology", "one type", q(as_typology(x, rep(1, 40))), "ok"),
    case("as_typology", "cluster column not in data", q(as_typology(x_df, "nope"))),
    case("as_typology", "list instead of data", q(as_typology(list(1, 2), fit$cluster))),
    case("as_typology", "list as cluster", q(as_typology(x, list(1, 2)))),
    case("as_typology", "unknown refit method", q(as_typology(x, fit$cluster, method = "bogus"))),
    case("as_typology", "negative weights", q(as_typology(x, fit$cluster, weights = -w))),
    case("add_types", "typology", q(add_types(x_df, fit)), "ok"),
    case("add_types", "not a typology", q(add_types(x_df, x))),
    case("add_types", "matrix data", q(add_types(x, fit))),
    case("add_types", "data with other rows", q(add_types(x_df[1:5, ], fit))),
    case("add_types", "bad name", q(add_types(x_df, fit, name = "1type"))),
    case("add_types", "existing name", q(add_types(x_df, fit, name = "a"))),
    case("add_types", "name too long", q(add_types(x_df, fit, name = strrep("a", 40))))
  )
}
