# The data variants of the course as files for students who use a
# spreadsheet, SPSS or Stata: labels in the language of the materials, the
# code 9 = "no answer" of the goal items declared missing in SPSS.

# Columns of the variants (as in kommunen) and their label keys.
# (A function: goal_items is defined in R/simulate.R, collated later.)
course_columns <- function() {
  c("id", "kind", "state", "population", "size_class", "type", goal_items,
    "strategy", "fim_known", "fim_helpful", "fibre", "egov_components",
    "responsibility", "participation")
}
course_logicals <- c("fim_known", "fim_helpful", "fibre", "participation")

# The variable label of every column.
course_var_labels <- function(lang) {
  items <- typfrage::kommunen_items
  goal <- stats::setNames(items[[paste0("label_", lang)]], items$variable)
  other <- setdiff(course_columns(), goal_items)
  lab <- stats::setNames(vapply(paste0("course_var_", other), tr, "", lang = lang), other)
  c(lab, goal)[course_columns()]
}

# Value labels of the goal items (the ends of the scale and the no-answer
# code) and of the yes/no columns.
course_goal_labels <- function(lang) {
  stats::setNames(c(1, 5, 9), c(tr("course_val_low", lang), tr("course_val_high", lang),
                                tr("course_val_no_answer", lang)))
}
course_yes_no <- function(lang) {
  stats::setNames(c(0, 1), c(tr("course_val_no", lang), tr("course_val_yes", lang)))
}

# The codebook: variable, label, values (as one string per column).
course_codebook <- function(lang) {
  lab <- course_var_labels(lang)
  d <- typfrage::kommunen
  fmt_labels <- function(v) paste(paste(v, names(v), sep = " = "), collapse = "; ")
  cols <- course_columns()
  values <- vapply(cols, function(v) {
    x <- d[[v]]
    if (v %in% goal_items) return(fmt_labels(course_goal_labels(lang)))
    if (v %in% course_logicals) return(fmt_labels(course_yes_no(lang)))
    if (is.factor(x)) return(fmt_labels(stats::setNames(seq_along(levels(x)), levels(x))))
    ""
  }, "")
  out <- data.frame(variable = cols, label = unname(lab), values = unname(values),
                    stringsAsFactors = FALSE)
  names(out) <- vapply(c("course_col_variable", "course_col_label", "course_col_values"),
                       tr, "", lang = lang)
  out
}

# A table as CSV: English with commas, German with semicolons and decimal
# commas (utils::write.csv2), UTF-8, missing values empty.
write_course_table <- function(d, path, lang) {
  writer <- if (identical(lang, "de")) utils::write.csv2 else utils::write.csv
  writer(d, path, row.names = FALSE, na = "", fileEncoding = "UTF-8")
}

# One variant in `format` ("csv", "sav", "dta").
write_course_data <- function(d, format, path, lang) {
  d <- as.data.frame(d)[course_columns()]
  attr(d, "recipe") <- NULL
  if (format == "csv") {
    for (v in course_logicals) d[[v]] <- as.integer(d[[v]])
    return(write_course_table(d, path, lang))
  }
  d <- course_labelled(d, lang, spss = format == "sav")
  if (format == "sav") haven::write_sav(d, path) else haven::write_dta(d, path)
}

# The variant as haven-labelled columns: factors with their levels as value
# labels, yes/no as 0/1, goal items with the scale's labels and, for SPSS,
# 9 declared user-missing; every column with its variable label.
course_labelled <- function(d, lang, spss) {
  lab <- course_var_labels(lang)
  for (v in names(d)) {
    x <- d[[v]]
    if (is.factor(x)) {
      lv <- levels(x)
      x <- haven::labelled(as.integer(x), stats::setNames(seq_along(lv), enc2utf8(lv)))
    } else if (v %in% course_logicals) {
      x <- haven::labelled(as.integer(x), course_yes_no(lang))
    } else if (v %in% goal_items) {
      x <- as.double(x)
      x <- if (spss) haven::labelled_spss(x, course_goal_labels(lang), na_values = 9)
           else haven::labelled(x, course_goal_labels(lang))
    }
    attr(x, "label") <- enc2utf8(unname(lab[[v]]))
    d[[v]] <- x
  }
  d
}
