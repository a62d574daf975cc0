# Further cases of the bad-input battery (test-battery.R): same form as
# battery_cases() there; evaluated in the child where `x`, `x_df`, `fit`,
# `h`, `st`, `prof`, `w` exist.
battery_cases_core <- function() {
  case <- function(fun, label, expr, expect = "error") {
    list(fun = fun, label = label, expr = expr, expect = expect)
  }
  q <- quote
  list(
    # overflow-prone magnitudes (?typfrage_magnitude): typfrage_error_overflow
    case("hierarchy", "values of +-1e308", q(hierarchy(matrix(c(1e308, -1e308, 0, 1), ncol = 1)))),
    case("hierarchy", "values of +-1e308, matrix mode",
         q(hierarchy(matrix(c(1e308, -1e308, 0, 1), ncol = 1), memory = "matrix"))),
    case("hierarchy", "values of 1e200", q(hierarchy(cbind(a = c(1e200, 2e200, 0, 1, 2, 3))))),
    case("hierarchy", "weights of 1e155", q(hierarchy(x[1:40, ], weights = rep(1e155, 40)))),
    case("typology", "Ward with weights of 1e160",
         q(typology(USArrests, k = 3, method = "ward", weights = rep(1e160, 50)))),
    case("typology", "Ward + k-means with values of 1e200",
         q(typology(x * 1e200, k = 3, method = "ward_kmeans"))),
    case("typology", "k-means on data times 1e-308", q(typology(x * 1e-308, k = 2, seed = 1))),
    case("typology", "k-means on data times 1e200", q(typology(x * 1e200, k = 2, seed = 1))),
    case("typology", "a weight of 1e308", q(typology(x, k = 2, seed = 1, weights = c(1e308, w[-1])))),
    case("typology", "nstart = 1e9", q(typology(x, k = 2, nstart = 1e9))),
    case("stability", "B = 1e12", q(stability(fit, B = 1e12))),
    case("gap_statistic", "B = 1e12", q(gap_statistic(x, k = 1:2, B = 1e12))),
    # pairwise Gower: rows without a common item (typfrage_error_missing)
    case("typology", "pairwise Gower, rows without a common item",
         q(typology(data.frame(a = c(1, NA, 3, 4, 5), b = c(NA, 2, 3, 1, 2)), k = 2,
                    method = "pam", distance = "gower", na_action = "pairwise"))),
    case("hierarchy", "pairwise Gower, rows without a common item",
         q(hierarchy(data.frame(a = c(1, NA, 3, 4, 5), b = c(NA, 2, 3, 1, 2)),
                     distance = "gower", na_action = "pairwise")))
  )
}
