# Strings of the table in R/strings.R: latent class covariates, distal
# outcomes, standard errors, BLRT (#23).
# Part of the ONE string table (assembled and checked for keys defined twice
# in R/strings.R); `s(en, de)` makes one entry.

strings_lca <- function(s) {
  list(
    # --- latent class covariates, distal outcomes, SEs, BLRT (#23) ---
    lca_cov_method_ml = s("bias-adjusted three-step (ML)", "fehlerkorrigiertes Drei-Schritt-Verfahren (ML)"),
    lca_cov_method_bch = s("bias-adjusted three-step (BCH)", "fehlerkorrigiertes Drei-Schritt-Verfahren (BCH)"),
    lca_cov_method_naive = s("naive three-step (modal assignment)", "naives Drei-Schritt-Verfahren (modale Zuordnung)"),
    lca_cov_method_one_step = s("one-step latent class regression", "einstufige latente Klassenregression"),
    lca_cov_header = s("Covariates of the latent classes: %s, %d types, %s rows",
                       "Kovariaten der latenten Klassen: %s, %d Typen, %s Zeilen"),
    lca_cov_dropped = s("%s rows with a missing covariate left out", "%s Zeilen mit fehlender Kovariate ausgelassen"),
    lca_cov_one_step = s("Log-likelihood %s; modal type as in the typology: %s of the rows",
                         "Log-Likelihood %s; modaler Typ wie in der Typologie: %s der Zeilen"),
    lca_cov_reference = s("Log-odds against the reference type %s", "Log-Odds gegen den Referenztyp %s"),
    lca_cov_term = s("Term", "Term"),
    lca_cov_intercept = s("(Intercept)", "(Achsenabschnitt)"),
    lca_cov_se = s("SE", "SF"),
    lca_cov_or = s("Odds ratio", "Odds Ratio"),
    lca_cov_ci = s("%s interval", "%s-Intervall"),
    lca_cov_wald = s("Wald tests (all types):", "Wald-Tests (alle Typen):"),
    lca_cov_wald_line = s("chi-squared %s, df %d, p %s", "Chi-Quadrat %s, FG %d, p %s"),
    lca_cov_plot_y = s("Predicted type probability", "Vorhergesagte Typwahrscheinlichkeit"),
    lca_cov_plot_title = s("Type probabilities over a covariate", "Typwahrscheinlichkeiten \u00fcber eine Kovariate"),
    lca_cov_plot_subtitle = s("%s;\nother covariates at their mean or most frequent category",
                              "%s;\n\u00fcbrige Kovariaten bei Mittelwert oder h\u00e4ufigster Kategorie"),
    lca_step_se_corrected = s("Standard errors include the uncertainty of the measurement model (step 1)",
                              "Standardfehler einschlie\u00dflich der Unsicherheit des Messmodells (Schritt 1)"),
    lca_step_se_uncorrected = s("Standard errors treat the measurement model (step 1) as known",
                                "Standardfehler behandeln das Messmodell (Schritt 1) als bekannt"),
    lca_distal_header = s("Distal outcomes of the latent classes (BCH), %d types", "Distale Merkmale der latenten Klassen (BCH), %d Typen"),
    lca_distal_test = s("Equal across types: chi-squared %s, df %d, p %s", "Gleich \u00fcber die Typen: Chi-Quadrat %s, FG %d, p %s"),
    lca_se_header = s("Standard errors of the latent class model (%s, empirical information as poLCA)",
                      "Standardfehler des latenten Klassenmodells (%s, empirische Information wie poLCA)"),
    lca_se_shares = s("Type shares:", "Typanteile:"),
    lca_blrt_header = s("Bootstrap likelihood-ratio test: %d against %d types (%d bootstrap samples)",
                        "Bootstrap-Likelihood-Quotienten-Test: %d gegen %d Typen (%d Bootstrap-Stichproben)"),
    lca_blrt_line = s("LR = %s, p = %s", "LR = %s, p = %s"),
    lca_blrt_reject = s("%d types fit better than %d.", "%d Typen passen besser als %d."),
    lca_blrt_keep = s("%d types do not fit significantly better than %d.", "%d Typen passen nicht signifikant besser als %d."),
    index_min_share = s("Smallest class share", "Kleinster Klassenanteil"),
    rule_min_share = s("none", "keine")
  )
}
