# Battery cases for the language setting, the type colours and the plots
# (issue #20): same form as battery_cases() in test-battery.R; the child env
# has `x`, `fit` (k-means, k = 3), `st`, `prof`.
battery_cases_plots <- function() {
  case <- function(fun, label, expr, expect = "error") {
    list(fun = fun, label = label, expr = expr, expect = expect)
  }
  q <- quote
  list(
    case("typfrage_lang", "de", q(typfrage_lang("de")), "ok"),
    case("typfrage_lang", "NULL", q(typfrage_lang()), "ok"),
    case("typfrage_lang", "unknown language", q(typfrage_lang("fr"))),
    case("typfrage_lang", "two languages", q(typfrage_lang(c("en", "de")))),
    case("typfrage_lang", "NA", q(typfrage_lang(NA_character_))),
    case("typfrage_lang", "a number", q(typfrage_lang(1))),
    case("type_colours", "typology", q(type_colours(fit)), "ok"),
    case("type_colours", "a number", q(type_colours(1))),
    case("type_colours<-", "valid colours", q({ f <- fit; type_colours(f) <- c("red", "blue", "#00FF00"); f }), "ok"),
    case("type_colours<-", "NULL resets", q({ f <- fit; type_colours(f) <- NULL; f }), "ok"),
    case("type_colours<-", "too few colours", q({ f <- fit; type_colours(f) <- c("red", "blue") })),
    case("type_colours<-", "not a colour", q({ f <- fit; type_colours(f) <- c("red", "blue", "nocolour") })),
    case("type_colours<-", "NA colour", q({ f <- fit; type_colours(f) <- c("red", "blue", NA) })),
    case("type_colours<-", "wrong names", q({ f <- fit; type_colours(f) <- c(a = "red", b = "blue", c = "green") })),
    case("type_colours<-", "on a number", q({ v <- 1; type_colours(v) <- "red" })),
    case("autoplot", "old argument plot =", q(autoplot(prof, plot = "heatmap"))),
    case("autoplot", "old argument what =", q(autoplot(st, what = "shares"))),
    case("autoplot", "unknown argument", q(autoplot(fit, colour = "red"))),
    case("autoplot", "unnamed extra argument", q(autoplot(st, "shares", 3))),
    case("autoplot", "unknown lang", q(autoplot(prof, lang = "fr"))),
    case("autoplot", "stability for a heatmap", q(autoplot(prof, type = "heatmap", stability = st))),
    case("autoplot", "stability not a stability", q(autoplot(prof, stability = 1))),
    case("autoplot", "codebook with a dendrogram", q(autoplot(typology(x, k = 2, method = "ward"), labels = c(a = "A")))),
    case("autoplot", "German profile", q(autoplot(prof, lang = "de")), "ok")
  )
}
