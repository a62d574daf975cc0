# THE table of everything typfrage writes for users to read: one entry per
# message key, its English and German text (sprintf formats; `%1$s` where the
# languages order the fields differently). Looked up by tr(); the language is
# resolved by typfrage_lang() (R/lang.R). Condition messages are not here:
# they stay English. tests/testthat/test-lang.R checks that every key has
# both texts with the same fields and that every key used in R/ exists.

# The table is assembled from one function per area (R/strings-<area>.R, sourced
# before this file: R sources a package's files in C-locale order); a key
# defined twice stops the package from being built.

typfrage_strings <- function() .typfrage_strings

strings_general <- function(s) {
  list(
    # --- words used everywhere ---
    type_n = s("Type %s", "Typ %s"),
    type = s("Type", "Typ"),
    types = s("Types", "Typen"),
    item = s("Item", "Item"),
    n_types_k = s("Number of types k", "Anzahl der Typen k"),
    none_paren = s("(none)", "(keine)"),
    standardised = s(" (standardised)", " (standardisiert)"),
    weighted_paren = s(" (weighted)", " (gewichtet)"),
    weighted_comma = s(", weighted", ", gewichtet"),

    # --- progress ---
    progress_assign = s("Assigning rows to types", "Zeilen den Typen zuordnen"),

    # --- methods ---
    method_kmeans = s("k-means", "k-means"),
    method_pam = s("k-medoids (PAM)", "k-Medoids (PAM)"),
    method_ward = s("Ward", "Ward"),
    method_ward_kmeans = s("Ward + k-means", "Ward + k-means"),
    method_lca = s("latent class analysis", "latente Klassenanalyse"),
    method_external = s("partition made elsewhere", "anderswo gebildete Partition"),
    # --- distances, latent class item models, quantiles (in prints) ---
    distance_euclidean = s("euclidean", "euklidisch"),
    distance_sqeuclidean = s("squared euclidean", "quadriert euklidisch"),
    distance_manhattan = s("manhattan", "Manhattan"),
    distance_gower = s("gower", "Gower"),
    lca_model_categorical = s("categorical", "kategoriale"),
    lca_model_ordinal = s("ordinal", "ordinale"),
    stat_min = s("Min.", "Min."),
    stat_q1 = s("1st Qu.", "1. Quartil"),
    stat_median = s("Median", "Median"),
    stat_mean = s("Mean", "Mittel"),
    stat_q3 = s("3rd Qu.", "3. Quartil"),
    stat_max = s("Max.", "Max."),

    # --- missing values (print of a typology) ---
    missing_values = s("Missing: %s %s treated as missing (%s declared missing by the data, e.g. SPSS user-missing codes; %s system-missing)",
                       "Fehlend: %s %s als fehlend behandelt (%s von den Daten als fehlend deklariert, z. B. benutzerdefiniert fehlende Codes in SPSS; %s systemdefiniert fehlend)"),
    value_one = s("value", "Wert"),
    value_other = s("values", "Werte"),
    rows_dropped = s("%s %s with missing items dropped (na_action = \"omit\")",
                     "%s %s mit fehlenden Items ausgeschlossen (na_action = \"omit\")"),
    rows_zero_weight = s("%s %s with weight 0 excluded", "%s %s mit Gewicht 0 ausgeschlossen"),
    row_one = s("row", "Zeile"),
    row_other = s("rows", "Zeilen")
  )
}

.typfrage_strings <- local({
  s <- function(en, de) c(en = en, de = de)
  tab <- c(strings_general(s), strings_print(s), strings_print_tables(s), strings_checks(s),
           strings_scan_parts(s), strings_stability(s), strings_plots(s),
           strings_steckbrief(s), strings_steckbrief_parts(s), strings_typing(s),
           strings_lca(s), strings_course(s), strings_kommunen(s))
  twice <- unique(names(tab)[duplicated(names(tab))])
  if (length(twice)) stop("Message keys defined twice: ", paste(twice, collapse = ", "))
  tab
})

# The text of `key` in `lang`, with the fields of `...` filled in (sprintf).
tr <- function(key, lang = "en", ...) {
  entry <- .typfrage_strings[[key]]
  if (is.null(entry)) {
    abort_typfrage("Unknown message key {.val {key}}.", kind = "internal")
  }
  text <- entry[[lang]]
  if (...length()) sprintf(text, ...) else unname(text)
}

# Singular or plural word of `key` ("<key>_one" / "<key>_other").
tr_n <- function(key, n, lang = "en") {
  tr(paste0(key, if (isTRUE(n == 1)) "_one" else "_other"), lang)
}

# tr() of every key in `keys` that the table has; `default` for the others.
tr_or <- function(keys, lang, default = keys) {
  out <- as.character(default)
  has <- keys %in% names(.typfrage_strings)
  out[has] <- vapply(keys[has], tr, "", lang = lang, USE.NAMES = FALSE)
  out
}
