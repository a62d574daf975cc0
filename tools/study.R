# The package's main job, run by `make study`: the reproduction of the
# four-type study „Digitale Kommune – Eine Typfrage?“ (ÖFIT and KGSt, 2020)
# on the synthetic, calibrated data `kommunen`.
#
# Prints the number of types with the evidence for it, the four types with
# shares and stability, and writes to out/:
#   out/kommunen-study.html  the rendered study vignette
#   out/steckbriefe-en.html, out/steckbriefe-de.html   the four Steckbriefe
#                            (one card per type, an overview first; printable)
#   out/steckbriefe-en.pdf, out/steckbriefe-de.pdf     the same as PDF, one A4
#                            page per type
#   out/steckbriefe-*-N.png, out/steckbriefe-*-overview.png  one PNG per card
#                            and the overview (for slides)
#   out/selbsttest.html      the self-assessment page „Welcher Typ ist meine
#                            Kommune?“ (German, the short form's questions)
suppressPackageStartupMessages(library(typfrage))
options(typfrage.threads = 2, typfrage.verbose = FALSE)

out_dir <- "out"
dir.create(out_dir, showWarnings = FALSE)
items <- kommunen_items$variable
codebook <- kommunen_items[c("variable", "label_en")]

cli::cli_h1("The four types of digital municipalities (synthetic data)")
cli::cli_text(paste(
  "Data: {.code kommunen}, {nrow(kommunen)} synthetic municipalities calibrated",
  "to the study's published figures; type profiles, shares and per-type",
  "covariate patterns are assumptions of {.fn simulate_kommunen}."))

cli::cli_h2("How many types?")
scan <- scan_k(kommunen, k = 2:8, items = items, B = 50, nstart = 10, seed = 2020)
print(scan$recommended[c("label", "k", "rule")], row.names = FALSE)
votes <- table(scan$recommended$k)
k_chosen <- as.integer(names(votes)[which.max(votes)])
cli::cli_text("Verdict of the indices: {scan$verdict}")
cli::cli_alert_info(paste(
  "Chosen: k = {k_chosen} (recommended by {max(votes)} of {nrow(scan$recommended)}",
  "indices); the study published {kommunen_targets$n_types} types."))

cli::cli_h2("The four types")
fit <- typology(kommunen, k = kommunen_targets$n_types, items = items,
                method = "ward_kmeans", seed = 2020)
sugg <- suggest_names(fit, codebook)
top_item <- attr(sugg, "basis")$item
type_names <- as.character(kommunen_items$type[match(top_item, kommunen_items$variable)])
fit <- name_types(fit, type_names)
st <- stability(fit, B = 100, seed = 2020)
tab <- tidy(st)
show <- data.frame(
  type = type_names,
  n = fit$size,
  share = sprintf("%.0f%% (%.0f%%-%.0f%%)", 100 * tab$share, 100 * tab$share_lower,
                  100 * tab$share_upper),
  jaccard = sprintf("%.2f", tab$jaccard),
  stringsAsFactors = FALSE
)
names(show)[3] <- "share (95% interval)"
print(show, row.names = FALSE, right = FALSE)
cli::cli_text(paste(
  "Method: Ward, then k-means (two-step) on the 12 goal items; stability: mean Jaccard",
  "over 100 bootstrap replicates (above 0.85: highly stable)."))
ag <- agreement(fit, kommunen$type)
cli::cli_text("Recovery of the simulated types: adjusted Rand index {round(ag$ari, 3)}.")

cli::cli_h2("Writing the Steckbriefe")
covs <- kommunen[c("kind", "size_class", "strategy", "responsibility", "participation")]
steck_files <- character()
for (lang in c("en", "de")) {
  labs <- kommunen_items[c("variable", paste0("label_", lang))]
  for (format in c("html", "pdf")) {
    f <- file.path(out_dir, sprintf("steckbriefe-%s.%s", lang, format))
    # HTML: the overview first; PDF: exactly one page per type
    steckbrief(fit, data = kommunen, id = id, covariates = covs, stability = st,
               labels = labs, format = format, file = f, lang = lang,
               overview = format == "html")
    steck_files <- c(steck_files, f)
  }
  f <- file.path(out_dir, sprintf("steckbriefe-%s.png", lang))
  steck_files <- c(steck_files,
                   steckbrief(fit, data = kommunen, id = id, covariates = covs, stability = st,
                              labels = labs, format = "png", file = f, lang = lang,
                              overview = TRUE))
}

cli::cli_h2("Self-assessment: the short form")
sf <- short_form(fit, seed = 2020)
cv <- sf$curve[sf$n_items, ]
cli::cli_text(paste(
  "{sf$n_items} of the {length(items)} goal items reproduce the four types for",
  "{sprintf('%.0f%%', 100 * cv$accuracy)} of held-out municipalities",
  "({sprintf('%.0f%%-%.0f%%', 100 * cv$accuracy_lower, 100 * cv$accuracy_upper)},",
  "10-fold cross-validation; target {sprintf('%.0f%%', 100 * sf$target)}):",
  "{.field {sf$items}}."))
selbsttest <- file.path(out_dir, "selbsttest.html")
self_assessment(sf, selbsttest, lang = "de", title = "Welcher Typ ist meine Kommune?",
                labels = kommunen_items[c("variable", "label_de")],
                scale_labels = c("1" = "niedrige Priorit\u00e4t", "5" = "sehr hohe Priorit\u00e4t"),
                note = paste("Synthetische Daten: Die Typen stammen aus dem Datensatz kommunen,",
                             "der an die ver\u00f6ffentlichten Zahlen der Studie \u201eDigitale Kommune \u2013",
                             "Eine Typfrage?\u201c (\u00d6FIT und KGSt, 2020) angepasst ist; Profile und Anteile",
                             "der Typen sind Annahmen, keine Befunde der Studie."))

vignette_src <- if (file.exists("vignettes/kommunen-study.Rmd")) {
  "vignettes/kommunen-study.Rmd"
} else {
  system.file("doc", "kommunen-study.Rmd", package = "typfrage")
}
if (!nzchar(vignette_src) || !requireNamespace("rmarkdown", quietly = TRUE) ||
    !rmarkdown::pandoc_available()) {
  cli::cli_alert_warning("Cannot render the study vignette (needs its source, rmarkdown and pandoc).")
} else {
  work <- tempfile("study-")
  dir.create(work)
  rmarkdown::render(vignette_src, output_dir = normalizePath(out_dir),
                    intermediates_dir = work, knit_root_dir = work, quiet = TRUE,
                    envir = new.env())
  cli::cli_alert_success("Study: {.file {file.path(out_dir, 'kommunen-study.html')}}")
}
cli::cli_alert_success("Steckbriefe: {.file {steck_files}}")
cli::cli_alert_success("Selbsttest: {.file {selbsttest}}")
