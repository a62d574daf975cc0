# Further cases of the bad-input battery (test-battery.R): same form as
# battery_cases() there; evaluated in the child where `x`, `x_df`, `fit`,
# `h`, `st`, `prof`, `w` exist.
battery_cases_objects <- function() {
  case <- function(fun, label, expr, expect = "error") {
    list(fun = fun, label = label, expr = expr, expect = expect)
  }
  q <- quote
  list(
    case("stability", "wrong-length weights in the fit",
         q({ f <- fit; f$weights <- rep(1, 3); stability(f, B = 3, threads = 1) })),
    case("profiles", "cluster code out of range",
         q({ f <- fit; f$cluster[1] <- 7L; profiles(f) })),
    case("stability", "NA cluster code of a used row",
         q({ f <- fit; f$cluster[1] <- NA_integer_; stability(f, B = 3, threads = 1) })),
    case("silhouette_widths", "wrong-length cluster in the fit",
         q({ f <- fit; f$cluster <- f$cluster[-1]; silhouette_widths(f) })),
    case("profiles", "k changed to 10", q({ f <- fit; f$k <- 10; profiles(f) })),
    case("print", "centers removed", q({ f <- fit; f$centers <- NULL; print(f) })),
    case("steckbrief", "stability of another fit",
         q(steckbrief(typology(x, k = 2, seed = 1), stability = st))),
    case("predict", "unknown argument", q(predict(fit, new_data = x))),
    case("typology", "unknown argument in ...", q(typology(x, k = 2, foo = 1))),
    case("typology", "method of length 2", q(typology(x, k = 2, method = c("pam", "kmeans")))),
    case("gap_statistic", "unknown reference", q(gap_statistic(x, k = 1:2, B = 2, reference = "bogus"))),
    case("gap_statistic", "Ward with nstart = 5", q(gap_statistic(x, k = 1:2, B = 2, method = "ward", nstart = 5))),
    case("hierarchy", "negative dissimilarity",
         q({ d <- stats::dist(x[1:6, ]); d[1] <- -1; hierarchy(d) })),
    case("silhouette_widths", "negative dissimilarity",
         q({ d <- stats::dist(x[1:6, ]); d[1] <- -1; silhouette_widths(d, rep(1:2, 3)) })),
    case("silhouette_widths", "dist with a wrong Size",
         q({ d <- stats::dist(x[1:6, ]); attr(d, "Size") <- 7L; silhouette_widths(d, rep(1:2, 3)) }))
  )
}
