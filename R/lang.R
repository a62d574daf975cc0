# The language of everything a user reads: prints, summaries, plots, table
# headings, Steckbriefe and verdicts. One setting (typfrage_lang()), one table
# of strings (R/strings.R, looked up by tr()) and one set of number formats
# (fmt_num(), fmt_int(), fmt_pct()). Condition messages stay English.

#' The language of printed and plotted output
#'
#' Every `print()`, `summary()` and `autoplot()` method, the table headings,
#' [steckbrief()] and the verdicts of [scan_k()] write English (`"en"`) or
#' German (`"de"`). Each of them has an argument `lang`; `NULL` (the default)
#' means the language `typfrage_lang()` resolves:
#'
#' 1. the option `typfrage.lang` (`options(typfrage.lang = "de")`), else
#' 2. the session's locale: German when the environment variable `LANGUAGE`,
#'    else `LC_MESSAGES` (`Sys.getlocale("LC_MESSAGES")`), else `LANG` starts
#'    with `"de"`; English otherwise.
#'
#' The language is resolved when an object is printed or plotted, not when it
#' is made, so one result can be shown in both languages. In German, numbers
#' have a decimal comma and a point between thousands (`1.234,5`), and
#' percentages a space before the sign (`14 %`). The study's German type names
#' are names and are kept in both languages; item labels come from the
#' codebook: a codebook with columns `label_de` and `label_en` (such as
#' [kommunen_items]) and no column `label` gives the labels of the language
#' resolved when [profiles()] (or [steckbrief()], [autoplot()]) reads it.
#' Error and warning messages are always English (so they can be searched
#' for).
#'
#' @param lang `NULL`, `"en"` or `"de"`.
#' @return `"en"` or `"de"`.
#' @export
#' @examples
#' typfrage_lang()
#' typfrage_lang("de")
#' old <- options(typfrage.lang = "de")
#' typfrage_lang()
#' options(old)
typfrage_lang <- function(lang = NULL) {
  arg <- "lang"
  if (is.null(lang)) {
    lang <- getOption("typfrage.lang")
    arg <- "options(typfrage.lang)"
  }
  if (is.null(lang)) return(locale_lang())
  if (!(is.character(lang) && length(lang) == 1L && !is.na(lang) &&
        lang %in% c("en", "de"))) {
    abort_input(
      c("{.arg {arg}} must be {.val en} or {.val de}.",
        x = if (is.character(lang) && length(lang) == 1L) "You supplied {.val {lang}}."
            else "You supplied {.obj_type_friendly {lang}}.",
        i = "Leave it {.code NULL} to use the session's language."),
      class = "typfrage_error_lang",
      call = rlang::caller_env()
    )
  }
  lang
}

# The session's locale: "de" when LANGUAGE, else LC_MESSAGES, else LANG
# starts with "de".
locale_lang <- function() {
  msg <- tryCatch(Sys.getlocale("LC_MESSAGES"), error = function(e) "")
  for (v in c(Sys.getenv("LANGUAGE"), Sys.getenv("LC_MESSAGES"), msg, Sys.getenv("LANG"))) {
    if (nzchar(v) && !v %in% c("C", "POSIX")) {
      return(if (startsWith(tolower(v), "de")) "de" else "en")
    }
  }
  "en"
}

# --- numbers in the language's format ---

# Fixed decimals; German with a decimal comma. `flag = "+"` signs them.
fmt_num <- function(x, digits = 2, lang = "en", flag = "") {
  x <- round(x, digits) + 0  # no "-0.0"
  out <- formatC(x, digits = digits, format = "f", flag = flag)
  out[is.na(x)] <- "NA"
  if (identical(lang, "de")) out <- chartr(".", ",", out)
  unname(out)
}

fmt_signed <- function(x, digits = 2, lang = "en") fmt_num(x, digits, lang, flag = "+")

# Whole numbers with a thousands mark ("1,234"; German "1.234").
fmt_int <- function(x, lang = "en") {
  de <- identical(lang, "de")
  format(x, big.mark = if (de) "." else ",", decimal.mark = if (de) "," else ".",
         scientific = FALSE)
}

# Shares as percentages ("14%"; German "14 %").
fmt_pct <- function(x, digits = 0, lang = "en") {
  out <- paste0(fmt_num(100 * x, digits, lang), if (identical(lang, "de")) "\u00a0%" else "%")
  out[is.na(x)] <- "NA"
  out
}

# Significant digits (sums of squares, log-likelihoods).
fmt_signif <- function(x, digits = 6, lang = "en") {
  out <- format(signif(x, digits))
  if (identical(lang, "de")) out <- chartr(".", ",", out)
  out
}

# p-values: "<0.001" or three decimals.
format_p <- function(p, lang = "en") {
  out <- ifelse(is.na(p), "NA",
                ifelse(p < 0.001, paste0("<", fmt_num(0.001, 3, lang)), fmt_num(p, 3, lang)))
  unname(out)
}

# Axis labels of a plot in the language's number format.
label_num <- function(lang, digits = NULL) {
  function(v) {
    out <- format(v, trim = TRUE, scientific = FALSE, drop0trailing = TRUE)
    if (identical(lang, "de")) out <- chartr(".", ",", out)
    out[is.na(v)] <- NA
    out
  }
}

label_pct <- function(lang) {
  function(v) {
    out <- fmt_pct(v, 0, lang)
    out[is.na(v)] <- NA
    out
  }
}

# --- words of printed tables ---

# Headings of a printed table in `lang`: the key "col_<name>" of R/strings.R
# for each column name that has one, else the name. Returned data frames keep
# their English column names (the programming interface); only prints are
# translated.
col_headings <- function(names, lang = "en") tr_or(paste0("col_", names), lang, names)

# A distance, a latent class item model, a scan index (short) in `lang`.
distance_label <- function(distance, lang = "en") {
  tr_or(paste0("distance_", distance), lang, distance)
}
lca_model_label <- function(model, lang = "en") tr_or(paste0("lca_model_", model), lang, model)
index_short <- function(index, lang = "en") tr_or(paste0("index_short_", index), lang, index)

# Names of quantiles as stats::quantile() gives them ("2.5%"), in `lang`
# ("2,5 %").
quantile_names <- function(p, lang = "en") {
  out <- formatC(100 * p, format = "fg", width = 1, digits = 7)
  if (identical(lang, "de")) paste0(chartr(".", ",", out), "\u00a0%") else paste0(out, "%")
}
