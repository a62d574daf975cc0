# Cases of the bad-input battery (test-battery.R) for the latent class verbs
# of #23: lca_covariates(), lca_distal(), lca_se(), lca_blrt(). Self-contained
# (the child evaluates each expression on its own data).
battery_cases_lca <- function() {
  case <- function(fun, label, expr, expect = "error") {
    list(fun = fun, label = label, expr = expr, expect = expect)
  }
  q <- quote
  setup <- q({
    set.seed(1)
    dl <- data.frame(a = rep(1:2, 30), b = rep(c(1, 1, 2, 2), 15), c = rep(1:2, each = 30),
                     z = stats::rnorm(60))
    fl <- typology(dl, k = 2, method = "lca", items = a:c, seed = 1, nstart = 2, threads = 1)
  })
  with_setup <- function(expr) as.call(list(as.name("{"), setup, expr))
  list(
    case("lca_covariates", "k-means fit",
         q(lca_covariates(typology(data.frame(a = 1:10, b = 10:1), k = 2, seed = 1),
                          data.frame(z = 1:10), ~ z))),
    case("lca_covariates", "data with other rows", with_setup(q(lca_covariates(fl, dl[1:10, ], ~ z)))),
    case("lca_covariates", "two-sided formula", with_setup(q(lca_covariates(fl, dl, a ~ z)))),
    case("lca_covariates", "all covariates NA",
         with_setup(q({ dl$z <- NA_real_; lca_covariates(fl, dl, ~ z) }))),
    case("lca_covariates", "infinite covariate",
         with_setup(q({ dl$z[1] <- Inf; lca_covariates(fl, dl, ~ z) }))),
    case("lca_covariates", "ok", with_setup(q(lca_covariates(fl, dl, ~ z, method = "bch"))), "ok"),
    case("lca_distal", "list outcome", with_setup(q({ dl$l <- I(as.list(1:60)); lca_distal(fl, dl, l) }))),
    case("lca_distal", "ok", with_setup(q(lca_distal(fl, dl, z))), "ok"),
    case("lca_se", "not a fit", q(lca_se(list(), data.frame()))),
    case("lca_se", "ok", with_setup(q(lca_se(fl, dl))), "ok"),
    case("lca_blrt", "B = NA", with_setup(q(lca_blrt(fl, dl, B = NA)))),
    case("lca_blrt", "ok", with_setup(q(lca_blrt(fl, dl, B = 3, nstart = 1, seed = 1, threads = 1))), "ok")
  )
}
