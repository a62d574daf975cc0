# Standard errors of the three-step methods that include the uncertainty of
# the measurement model (step 1), for lca_covariates() and lca_distal(). The
# computation is in the C++ core (three_step_corrected_vcov() in
# inst/include/typfrage/lca_three_step.hpp); here the choice of `se` and the
# measurement model handed to it.

# The `se` actually used: "corrected" needs the categorical item model (its
# parameters are the ones the correction differentiates); ordinal fits fall
# back to "uncorrected" with a warning.
lca_resolve_se <- function(fit, se, call) {
  se <- check_choice(se, c("corrected", "uncorrected"), arg = "se", call = call)
  if (se == "corrected" && !identical(fit$settings$lca_model, "categorical")) {
    cli::cli_warn(
      c("Corrected standard errors need a categorical latent class model.",
        i = "This typology has {.code lca_model = \"{fit$settings$lca_model}\"}; the standard errors treat its measurement model as known ({.code se = \"uncorrected\"})."),
      class = c("typfrage_warning_se", "typfrage_warning"), call = call
    )
    se <- "uncorrected"
  }
  se
}

# The measurement model on the rows of the fit, as the C++ glue takes it
# (an empty list: no correction).
lca_step_one <- function(fit, data, fit_rows, se, call) {
  if (!identical(se, "corrected")) return(list())
  x <- prepare_newdata(fit$settings, data, call = call)[fit_rows, , drop = FALSE]
  attr(x, "raw") <- NULL
  storage.mode(x) <- "double"
  list(x = unname(x), ncat = as.integer(fit$settings$ncat), shares = as.double(fit$shares),
       probs = lapply(fit$probs, function(m) unname(unclass(m))))
}

# The covariance a three-step result reports: corrected, the additive form
# Sigma_3 + J Sigma_1 J' of Bakk, Oberski & Vermunt (2014); the stacked
# sandwich (which adds the covariances between the steps and the sampling
# error of D given step 1) is kept alongside as `vcov_stacked`.
lca_se_vcov <- function(r, se) {
  if (identical(se, "corrected")) r$corrected$additive else r$vcov
}
