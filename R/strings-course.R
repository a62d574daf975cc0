# Strings of the table in R/strings.R: course_materials() and course_data().
# Part of the ONE string table (assembled and checked for keys defined twice
# in R/strings.R); `s(en, de)` makes one entry.

strings_course <- function(s) {
  list(
    # --- course_materials() ---
    course_wrote = s("Wrote %s", "Geschrieben: %s"),
    course_file_student = s("teaching-student", "lehreinheit-studierende"),
    course_file_teacher = s("teaching-teacher", "lehreinheit-lehrende"),
    course_title_student = s("Cluster analysis step by step: exercises",
                             "Clusteranalyse Schritt f\u00fcr Schritt: \u00dcbungen"),
    course_title_teacher = s("Cluster analysis step by step: teacher's version with solutions",
                             "Clusteranalyse Schritt f\u00fcr Schritt: Fassung f\u00fcr Lehrende mit L\u00f6sungen"),
    course_col_variable = s("variable", "Variable"),
    course_col_label = s("label", "Bezeichnung"),
    course_col_values = s("values", "Werte"),
    course_val_low = s("low priority", "niedrige Priorit\u00e4t"),
    course_val_high = s("very high priority", "sehr hohe Priorit\u00e4t"),
    course_val_no_answer = s("no answer", "keine Angabe"),
    course_val_no = s("no", "nein"),
    course_val_yes = s("yes", "ja"),
    course_var_id = s("Identifier", "Kennung"),
    course_var_kind = s("Kind of municipality", "Art der Kommune"),
    course_var_state = s("Federal state", "Bundesland"),
    course_var_population = s("Inhabitants", "Einwohnerzahl"),
    course_var_size_class = s("Size class (inhabitants)", "Gr\u00f6\u00dfenklasse (Einwohner)"),
    course_var_type = s("Simulated true type (synthetic data)", "Simulierter wahrer Typ (synthetische Daten)"),
    course_var_strategy = s("Digitalisation strategy", "Digitalisierungsstrategie"),
    course_var_fim_known = s("Knows FIM", "Kennt FIM"),
    course_var_fim_helpful = s("Finds FIM helpful", "H\u00e4lt FIM f\u00fcr hilfreich"),
    course_var_fibre = s("Supports a local fibre network", "Unterst\u00fctzt ein lokales Glasfasernetz"),
    course_var_egov_components = s("E-government base components run (of 9)",
                                   "Betriebene E-Government-Basiskomponenten (von 9)"),
    course_var_responsibility = s("Responsibility for digitalisation", "Zust\u00e4ndigkeit f\u00fcr Digitalisierung"),
    course_var_participation = s("Involves citizens", "Beteiligt die B\u00fcrgerschaft")
  )
}
