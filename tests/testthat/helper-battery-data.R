# Battery cases for survey data in and predict() (issue #18): same form as
# battery_cases() in test-battery.R; the child env has `x` (40 x 3 Likert
# matrix a, b, c), `x_df`, `fit` (k-means, k = 3), `w`.
battery_cases_data <- function() {
  case <- function(fun, label, expr, expect = "error") {
    list(fun = fun, label = label, expr = expr, expect = expect)
  }
  q <- quote
  list(
    case("codebook", "data frame", q(codebook(x_df)), "ok"),
    case("codebook", "typology", q(codebook(fit)), "ok"),
    case("codebook", "a number", q(codebook(1))),
    case("codebook", "NULL", q(codebook(NULL))),
    case("typology", "tidyselect items", q(typology(x_df, k = 2, items = starts_with("a") | b, seed = 1)), "ok"),
    case("typology", "items select nothing", q(typology(x_df, k = 2, items = starts_with("zz")))),
    case("typology", "items with a typo", q(typology(x_df, k = 2, items = c("a", "zzz")))),
    case("typology", "items of the wrong type", q(typology(x_df, k = 2, items = list("a")))),
    case("typology", "items NA", q(typology(x_df, k = 2, items = NA_character_))),
    case("typology", "duplicated item names", q(typology(stats::setNames(x_df[c(1, 1, 2)], c("a", "a", "b")), k = 2))),
    case("typology", "empty item name", q(typology(stats::setNames(x_df, c("a", "", "b")), k = 2))),
    case("typology", "constant 0.1 standardised", q(typology(cbind(x_df, d = 0.1), k = 2, standardize = TRUE))),
    case("typology", "constant 1 standardised", q(typology(cbind(x_df, d = 1), k = 2, standardize = TRUE))),
    case("typology", "weights column by name", q(typology(cbind(x_df, ww = w), k = 2, weights = ww, seed = 1)), "ok"),
    case("typology", "weights column by string", q(typology(cbind(x_df, ww = w), k = 2, weights = "ww", seed = 1)), "ok"),
    case("typology", "weights column not found", q(typology(cbind(x_df, ww = w), k = 2, weights = "wx"))),
    case("typology", "weights column not numeric", q(typology(cbind(x_df, ww = "a"), k = 2, weights = "ww"))),
    case("typology", "zero weights", q(suppressMessages(typology(x, k = 2, weights = c(0, w[-1]), seed = 1))), "ok"),
    case("typology", "all weights zero", q(typology(x, k = 2, weights = 0 * w))),
    case("typology", "available with PAM", q(typology(x_na, k = 2, method = "pam", na_action = "available"))),
    case("typology", "available k-means", q(typology(x_na, k = 2, na_action = "available", seed = 1)), "ok"),
    case("typology", "available with Inf", q(typology(x_inf, k = 2, na_action = "available"))),
    case("typology", "unknown na_action", q(typology(x, k = 2, na_action = "bogus"))),
    case("typology", "keep_data not a flag", q(typology(x, k = 2, keep_data = "no"))),
    case("typology", "keep_data = FALSE", q(typology(x, k = 2, keep_data = FALSE, seed = 1)), "ok"),
    case("predict_chunked", "no such file", q(predict_chunked(fit, "no-such-file.csv"))),
    case("predict_chunked", "a data frame", q(predict_chunked(fit, x_df))),
    case("predict_chunked", "chunk_size 0", q(predict_chunked(fit, "x.csv", chunk_size = 0))),
    case("predict", "unknown type", q(predict(fit, x, type = "bogus"))),
    case("predict", "type name", q(predict(fit, x, type = "name")), "ok"),
    case("predict", "type prob", q(predict(fit, x, type = "prob")), "ok"),
    case("predict", "type distance", q(predict(fit, x, type = "distance")), "ok"),
    case("predict", "unknown na_action", q(predict(fit, x, na_action = "bogus"))),
    case("predict", "unknown out_of_range", q(predict(fit, x, out_of_range = "bogus"))),
    case("predict", "answer out of range", q(predict(fit, x * 3))),
    case("predict", "out of range allowed", q(predict(fit, x * 3, out_of_range = "allow")), "ok"),
    case("predict", "missing answers, fail", q(predict(fit, x_na, na_action = "fail"))),
    case("predict", "missing answers, available", q(predict(fit, x_na, na_action = "available")), "ok"),
    case("predict", "Inf answer", q(predict(fit, x_inf))),
    case("predict", "missing item column", q(predict(fit, x[, 1:2]))),
    case("predict", "factor for a numeric item", q(predict(fit, transform(x_df, a = factor(a))))),
    case("predict", "extra character column", q(predict(fit, x_chr)), "ok"),
    case("predict", "character item", q(predict(fit, transform(x_df, a = as.character(a))))),
    case("predict", "unknown argument", q(predict(fit, x, bogus = 1))),
    case("profiles", "covariates by name without data", q(profiles(fit, covariates = c(a)))),
    case("profiles", "covariates by name from data", q(profiles(fit, data = x_df, covariates = c(a))), "ok"),
    case("profiles", "covariate name not in data", q(profiles(fit, data = x_df, covariates = "zz"))),
    case("profiles", "labels as a list with NULLs", q(profiles(fit, labels = list(a = "A", b = NULL))), "ok"),
    case("steckbrief", "covariates by tidyselect", q(steckbrief(fit, data = x_df, covariates = starts_with("b"))), "ok")
  )
}
