# NbClust rounds its output to four digits; its own inner functions (defined
# inside NbClust()) are evaluated here at full precision for the comparisons.

nbclust_env <- function(x) {
  env <- new.env(parent = asNamespace("NbClust"))
  walk <- function(e) {
    if (is.call(e)) {
      if (identical(e[[1]], as.name("<-")) && is.call(e[[3]]) && identical(e[[3]][[1]], as.name("function"))) {
        eval(e, env)
      } else for (a in as.list(e)[-1]) if (!missing(a)) walk(a)
    }
  }
  walk(body(NbClust::NbClust))
  jeu <- as.matrix(x)
  env$md <- dist(jeu)
  env$jeu <- jeu
  TT <- t(jeu) %*% jeu
  ev <- eigen(TT / (nrow(jeu) - 1))$value
  s1 <- sqrt(ev); ss <- ifelse(s1 != 0, s1, 1)
  env$TT <- TT; env$ss <- ss; env$vv <- prod(ss)
  env
}
