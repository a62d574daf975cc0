test_that("kommunen_covariates() relabels the categories without changing a value", {
  de <- kommunen_covariates(lang = "de")
  en <- kommunen_covariates(lang = "en")
  expect_named(de, c("Art", "Land", "Gr\u00f6\u00dfenklasse", "Strategie", "Kennt FIM",
                     "FIM hilfreich", "Glasfaser", "E-Government-Komponenten",
                     "Zust\u00e4ndigkeit", "Beteiligung"))
  expect_equal(nrow(de), nrow(kommunen))
  # the same codes in the same rows, the order of the categories kept
  expect_identical(as.integer(de[["Gr\u00f6\u00dfenklasse"]]), as.integer(kommunen$size_class))
  expect_true(is.ordered(de[["Gr\u00f6\u00dfenklasse"]]))
  expect_identical(levels(de[["Gr\u00f6\u00dfenklasse"]])[c(1, 6)],
                   c("unter 10.000", "500.000 und mehr"))
  expect_identical(as.character(de$Strategie[kommunen$strategy == "none"]),
                   rep("keine", sum(kommunen$strategy == "none")))
  expect_identical(as.character(de[["Zust\u00e4ndigkeit"]][kommunen$responsibility == "IT department"]),
                   rep("IT-Abteilung", sum(kommunen$responsibility == "IT department")))
  # logical answers: yes/no with NA where the question was not asked
  expect_identical(is.na(de[["FIM hilfreich"]]), is.na(kommunen$fim_helpful))
  expect_identical(de[["Kennt FIM"]] == "ja", kommunen$fim_known)
  expect_identical(en[["Knows FIM"]] == "yes", kommunen$fim_known)
  expect_identical(de$Art, kommunen$kind)
  expect_identical(de$Land, kommunen$state)
  expect_identical(de[["E-Government-Komponenten"]], kommunen$egov_components)
  # English categories are the data's own
  expect_identical(levels(en[["Size class"]]), levels(kommunen$size_class))
})

test_that("kommunen_covariates() works on simulated municipalities and refuses other data", {
  sim <- simulate_kommunen(n = 50, seed = 3)
  de <- kommunen_covariates(sim, lang = "de")
  expect_equal(nrow(de), 50L)
  expect_identical(as.integer(de$Strategie), as.integer(sim$strategy))
  expect_error(kommunen_covariates(USArrests), class = "typfrage_error_input")
  bad <- kommunen
  levels(bad$strategy)[1] <- "yes"
  expect_error(kommunen_covariates(bad, lang = "de"), "strategy", class = "typfrage_error_input")
  expect_error(kommunen_covariates(1:3), class = "typfrage_error_input")
})
