# Strings of the table in R/strings.R: print() and summary() of typologies,
# agreement, gap statistic, prediction strength,
# agglomeration schedule and profiles.
# Part of the ONE string table (assembled and checked for keys defined twice
# in R/strings.R); `s(en, de)` makes one entry.

strings_print <- function(s) {
  list(
    # --- print(<typology>), summary(<typology>) ---
    typology_header = s("<typology> %s: %d types of %s rows from %d items%s",
                        "<typology> %s: %d Typen aus %s Zeilen und %d Items%s"),
    pct_weighted = s("(percentages weighted)", "(Prozente gewichtet)"),
    type_means_units = s("Type means (original units):", "Typmittelwerte (Originaleinheiten):"),
    lca_fit_line = s("Latent class model (%s items): log-likelihood %s, BIC %s, entropy %s",
                     "Latente-Klassen-Modell (%s Items): Log-Likelihood %s, BIC %s, Entropie %s"),
    lca_shares_line = s("Estimated class shares: %s", "Gesch\u00e4tzte Klassenanteile: %s"),
    summary_typology_header = s("Typology: %s, %d types, %s rows, %d items%s",
                                "Typologie: %s, %d Typen, %s Zeilen, %d Items%s"),
    distance_line = s("Distance: %s", "Distanz: %s"),
    type_sizes = s("Type sizes:", "Typgr\u00f6\u00dfen:"),
    col_label = s("label", "Typ"),
    col_share = s("share", "Anteil"),
    col_weighted_n = s("weighted_n", "n_gewichtet"),
    col_weighted_share = s("weighted_share", "Anteil_gewichtet"),
    medoid_rows = s("Medoids (rows of the data): %s", "Medoids (Zeilen der Daten): %s"),
    fit_heading = s("Fit:", "Anpassung:"),
    fit_ss = s("  within-type sum of squares %s; between / total = %s",
               "  Quadratsumme innerhalb der Typen %s; zwischen / gesamt = %s"),
    fit_lca = s("  %s model: log-likelihood %s, %d parameters\n  AIC %s, BIC %s, adjusted BIC %s, entropy %s",
                "  Modell f\u00fcr %s Items: Log-Likelihood %s, %d Parameter\n  AIC %s, BIC %s, adjustiertes BIC %s, Entropie %s"),
    fit_pam = s("  sum of distances to the medoids %s", "  Summe der Distanzen zu den Medoids %s"),
    fit_starts = s("  %d starts; %d reached the best objective%s",
                   "  %d Starts; %d erreichten den besten Zielwert%s"),
    fit_not_converged = s("; some starts did not converge", "; manche Starts konvergierten nicht"),

    # --- agreement ---
    agreement_header = s("<typology_agreement> %s observations, %d x %d clusters",
                         "<typology_agreement> %s Beobachtungen, %d x %d Cluster"),
    agreement_ari = s("Adjusted Rand index", "Bereinigter Rand-Index"),
    agreement_rand = s("Rand index", "Rand-Index"),
    agreement_jaccard = s("Jaccard index (pairs)", "Jaccard-Index (Paare)"),
    agreement_nmi = s("Normalised mutual information", "Normierte Transinformation"),
    agreement_vi = s("Variation of information (nats)", "Informationsvariation (nats)"),
    agreement_title = s("Cross-tabulation of two partitions", "Kreuztabelle zweier Partitionen"),
    agreement_subtitle = s("Adjusted Rand index %s", "Bereinigter Rand-Index %s"),

    # --- gap statistic ---
    gap_header = s("<typology_gap> %s, B = %d reference sets (%s), rule %s",
                   "<typology_gap> %s, B = %d Referenzdatens\u00e4tze (%s), Regel %s"),
    gap_ref_scaledPCA = s("scaledPCA", "Box der Hauptkomponenten, scaledPCA"),
    gap_ref_original = s("original", "Box der Originalitems, original"),
    col_log_w = s("log_w", "log(W)"),
    col_e_log_w = s("e_log_w", "E*[log(W)]"),
    col_gap = s("gap", "Gap"),
    col_se = s("se", "SF"),
    col_sd = s("sd", "SD"),
    col_ps = s("ps", "St\u00e4rke"),
    gap_recommended = s("Recommended number of types: %d", "Empfohlene Anzahl der Typen: %d"),
    gap_title = s("Gap statistic", "Gap-Statistik"),
    gap_y = s("Gap", "Gap"),
    gap_subtitle = s("%s; B = %d; rule %s: k = %d", "%s; B = %d; Regel %s: k = %d"),

    # --- prediction strength ---
    ps_header = s("<typology_ps> %s, B = %d random splits into halves, cutoff %s",
                  "<typology_ps> %s, B = %d zuf\u00e4llige Teilungen in H\u00e4lften, Schwelle %s"),
    ps_recommended = s("Recommended number of types: %d (the largest k whose prediction strength reaches %s)",
                       "Empfohlene Anzahl der Typen: %d (das gr\u00f6\u00dfte k, dessen Vorhersagest\u00e4rke %s erreicht)"),
    ps_title = s("Prediction strength", "Vorhersagest\u00e4rke"),
    ps_y = s("Prediction strength (mean of the splits)", "Vorhersagest\u00e4rke (Mittel der Teilungen)"),
    ps_subtitle = s("%s; B = %d splits; dashed line: cutoff %s; recommended k = %d",
                    "%s; B = %d Teilungen; gestrichelt: Schwelle %s; empfohlen k = %d"),
    ps_splits = s("single splits", "einzelne Teilungen")
  )
}

# Agglomeration schedule, hierarchy() trees, profiles.
strings_print_tables <- function(s) {
  list(
    # --- agglomeration schedule ---
    schedule_header = s("<agglomeration schedule> %s merges of %s rows, linkage %s",
                        "<Fusionierungsschema> %s Fusionen von %s Zeilen, Verfahren %s"),
    schedule_last = s("(last %d merges; print(x, n = Inf) shows all)",
                      "(letzte %d Fusionen; print(x, n = Inf) zeigt alle)"),
    col_step = s("step", "Schritt"),
    col_clusters = s("clusters", "Anzahl"),
    col_cluster1 = s("cluster1", "Cluster 1"),
    col_cluster2 = s("cluster2", "Cluster 2"),
    col_height = s("height", "H\u00f6he"),
    col_ess_increase = s("ess_increase", "Zuwachs QS"),
    col_within_ss = s("within_ss", "QS innen"),
    col_next_step = s("next_step", "n\u00e4chster"),
    unknown = s("unknown", "unbekannt"),

    # --- hierarchy() trees ---
    hier_header = s("<typology_hierarchy> %s objects, linkage %s, distance %s",
                    "<typology_hierarchy> %s Objekte, Verfahren %s, Distanz %s"),
    hier_memory_light = s("Algorithm: memory-light (no distance matrix stored)",
                          "Algorithmus: speichersparend (ohne gespeicherte Distanzmatrix)"),
    hier_memory_matrix = s("Algorithm: stored distance matrix",
                           "Algorithmus: gespeicherte Distanzmatrix"),
    hier_weighted = s("Weighted: yes (case weights)", "Gewichtet: ja (Fallgewichte)"),
    hier_hint = s("The merges: agglomeration_schedule(x); k types: cutree(x, k).",
                  "Die Fusionen: agglomeration_schedule(x); k Typen: cutree(x, k)."),

    # --- profiles ---
    profiles_header = s("<typology_profiles> %d types, %d items, %s cases%s",
                        "<typology_profiles> %d Typen, %d Items, %s F\u00e4lle%s"),
    profiles_by_eta = s("Items by share of variance explained by the types:",
                        "Items nach dem Anteil der durch die Typen erkl\u00e4rten Varianz:"),
    profiles_p_note = s("  p-values are descriptive: the types were built from these items,\n  so these tests are not inferential.",
                        "  p-Werte sind deskriptiv: Die Typen wurden aus diesen Items gebildet,\n  die Tests sind daher nicht inferenzstatistisch."),
    profiles_top = s("Most distinguishing items per type (Cohen's d vs. the rest, top %d):",
                     "Die st\u00e4rksten Unterschiede je Typ (Cohens d gegen den Rest, Top %d):"),
    profiles_covariates = s("Covariates:", "Kovariaten:"),
    summary_profiles_header = s("Profiles of %d types (%s cases%s)", "Profile von %d Typen (%s F\u00e4lle%s)"),
    summary_profiles_p_note = s("  p-values are descriptive (the types were built from these items).",
                                "  p-Werte sind deskriptiv (die Typen wurden aus diesen Items gebildet)."),
    col_eta2 = s("eta2", "Eta\u00b2"),
    col_p_anova = s("p_anova", "p_ANOVA"),
    col_p_kw = s("p_kw", "p_KW"),
    col_df = s("df", "FG"),
    test_chi_squared = s("chi-squared", "Chi-Quadrat"),
    test_kruskal_wallis = s("Kruskal-Wallis", "Kruskal-Wallis"),
    effect_v = s("V", "V"),
    effect_eta2 = s("eta2", "Eta\u00b2"),
    indices_header = s("<typology_indices> %d indices of a partition into %d types of %s rows",
                       "<typology_indices> %d Indizes einer Partition in %d Typen aus %s Zeilen"),
    col_value = s("value", "Wert"),
    col_better = s("better", "besser"),
    better_lower = s("lower", "niedriger"),
    better_higher = s("higher", "h\u00f6her"),
    better_none = s("none", "keine Richtung"),
    col_item = s("item", "Item"),
    col_covariate = s("covariate", "Kovariate"),
    col_test = s("test", "Test"),
    col_effect = s("effect", "Effekt"),
    col_statistic = s("statistic", "Statistik"),
    col_type = s("type", "Typ"),
    col_chosen = s("chosen", "gew\u00e4hlt")
  )
}
