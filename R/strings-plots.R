# Strings of the table in R/strings.R: plot titles and axes not given with
# their print (profiles, map, covariates, dendrogram).
# Part of the ONE string table (assembled and checked for keys defined twice
# in R/strings.R); `s(en, de)` makes one entry.

strings_plots <- function(s) {
  list(
    # --- profile plots ---
    profile_title = s("Profiles of the types", "Profile der Typen"),
    profile_x_z = s("Type mean - overall mean (in overall SDs)",
                    "Typmittelwert - Gesamtmittelwert (in Gesamt-SD)"),
    profile_x_mean = s("Type mean", "Typmittelwert"),
    profile_interval = s("Lines: %s percentile intervals of the type means from %d %s replicates",
                         "Linien: %s-Perzentilintervalle der Typmittelwerte aus %d %s-Replikationen"),
    heatmap_title_z = s("z-profiles of the types", "z-Profile der Typen"),
    heatmap_subtitle_z = s("Type mean - overall mean, in overall SDs",
                           "Typmittelwert - Gesamtmittelwert, in Gesamt-SD"),
    heatmap_title_mean = s("Type means", "Typmittelwerte"),
    heatmap_mean = s("Mean", "Mittel"),
    map_x = s("First principal component (%s)", "Erste Hauptkomponente (%s)"),
    map_y = s("Second principal component (%s)", "Zweite Hauptkomponente (%s)"),
    map_title = s("Type map", "Typenkarte"),
    map_subtitle = s("Cases and type centres on the first two principal components",
                     "F\u00e4lle und Typzentren auf den ersten beiden Hauptkomponenten"),
    cov_y_share = s("Share of the type", "Anteil am Typ"),
    cov_title = s("%s by type", "%s nach Typ"),
    cov_subtitle_v = s("Cram\u00e9r's V = %s", "Cram\u00e9rs V = %s"),
    cov_y_mean = s("Mean %s", "Mittelwert %s"),
    cov_subtitle_eta = s("eta squared = %s; dashed: overall mean",
                         "Eta-Quadrat = %s; gestrichelt: Gesamtmittelwert"),
    dendro_y = s("Height (Ward, ward.D2)", "H\u00f6he (Ward, ward.D2)"),
    dendro_title = s("Dendrogram: %s, %d types", "Dendrogramm: %s, %d Typen"),
    dendro_subtitle = s("Dashed line: the cut into the types; grey: branches of mixed types",
                        "Gestrichelt: der Schnitt in die Typen; grau: \u00c4ste gemischter Typen")
  )
}
