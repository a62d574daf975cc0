// The start runner of the latent class fits (lca_run_starts(), lca.hpp):
// which start begins where, the tie rule, thread invariance, and that
// lca_fit() keeps the best start.
#include <cstdint>
#include <stdexcept>
#include <vector>

#include <typfrage/lca.hpp>

#include "check.hpp"

using typfrage::index_t;

namespace {

// Three binary items, two categories each: enough for the layout.
const std::vector<int> kCodes{0, 1, 1, 1, 0, 0, 1, 1, 0, 0, 0, 1};

struct FakeRun {
  double loglik = 0.0;
  typfrage::LcaParams start;
  bool from_user = false;
};

// Runs nstart starts with a fake EM that records where each began.
typfrage::LcaStarts<FakeRun> fake_starts(index_t nstart, int threads,
                                         const std::vector<typfrage::LcaParams>& user) {
  const typfrage::LcaData d(kCodes.data(), 4, 3, {2, 2, 2}, nullptr);
  typfrage::NoProgress none;
  return typfrage::lca_run_starts<FakeRun>(
      d, 2, nstart, threads, typfrage::SeedMaterial(9), user,
      [&](typfrage::LcaParams start, bool from_user) {
        FakeRun r;
        r.start = std::move(start);
        r.from_user = from_user;
        return r;
      },
      none);
}

}  // namespace

TEST(lca_starts_user_then_random_from_rng_seed_s) {
  const typfrage::LcaData d(kCodes.data(), 4, 3, {2, 2, 2}, nullptr);
  typfrage::LcaParams user;
  user.k = 2;
  user.shares = {0.5, 0.5};
  user.probs.assign(12, 0.5);
  for (const int threads : {1, 2}) {
    const auto out = fake_starts(5, threads, {user});
    CHECK_EQ(out.runs.size(), 5u);
    CHECK(out.runs[0].from_user);
    CHECK(out.runs[0].start.probs == user.probs);
    for (index_t s = 1; s < 5; ++s) {
      typfrage::Rng rng(typfrage::SeedMaterial(9), static_cast<std::uint64_t>(s));
      const typfrage::LcaParams want = typfrage::lca_random_start(d, 2, rng);
      CHECK(!out.runs[s].from_user);
      CHECK(out.runs[s].start.probs == want.probs);
      CHECK(out.runs[s].start.shares == want.shares);
    }
  }
}

TEST(lca_starts_best_is_the_first_highest_loglik) {
  const typfrage::LcaData d(kCodes.data(), 4, 3, {2, 2, 2}, nullptr);
  typfrage::NoProgress none;
  const std::vector<double> ll{-5.0, -3.0, -4.0, -3.0, -7.0};
  for (const int threads : {1, 2}) {
    const auto out = typfrage::lca_run_starts<typfrage::LcaRun>(
        d, 2, 5, threads, typfrage::SeedMaterial(9), {},
        [&](typfrage::LcaParams start, bool) {
          // find the start's index from its draws
          typfrage::LcaRun r;
          for (index_t s = 0; s < 5; ++s) {
            typfrage::Rng rng(typfrage::SeedMaterial(9), static_cast<std::uint64_t>(s));
            if (typfrage::lca_random_start(d, 2, rng).probs == start.probs) r.loglik = ll[s];
          }
          r.params = std::move(start);
          return r;
        },
        none);
    CHECK_EQ(out.best, 1);  // starts 1 and 3 tie at -3: the first wins
    for (index_t s = 0; s < 5; ++s) CHECK_EQ(out.runs[s].loglik, ll[s]);
  }
  auto em = [](typfrage::LcaParams start, bool) {
    typfrage::LcaRun r;
    r.params = std::move(start);
    return r;
  };
  CHECK_THROWS(typfrage::lca_run_starts<typfrage::LcaRun>(d, 2, 0, 1, typfrage::SeedMaterial(9),
                                                          {}, em, none),
               std::invalid_argument);
}

TEST(lca_fit_keeps_the_best_start_on_any_thread_count) {
  std::vector<int> codes;
  typfrage::Rng rng(typfrage::SeedMaterial(21), 0);
  for (int i = 0; i < 200; ++i) {
    const int c = rng.uniform() < 0.4 ? 1 : 0;
    for (int j = 0; j < 5; ++j) codes.push_back(rng.uniform() < (c ? 0.8 : 0.2) ? 1 : 0);
  }
  const typfrage::LcaData d(codes.data(), 200, 5, {2, 2, 2, 2, 2}, nullptr);
  typfrage::LcaControl ctl;
  ctl.k = 2;
  typfrage::NoProgress none;
  const auto one = typfrage::lca_fit(d, ctl, 6, typfrage::SeedMaterial(4), 1, none);
  const auto two = typfrage::lca_fit(d, ctl, 6, typfrage::SeedMaterial(4), 2, none);
  CHECK_EQ(one.best_start, two.best_start);
  CHECK(one.start_loglik == two.start_loglik);
  CHECK(one.best.params.probs == two.best.params.probs);
  for (double l : one.start_loglik) CHECK(l <= one.start_loglik[one.best_start]);
  for (int s = 0; s < one.best_start; ++s) CHECK(one.start_loglik[s] < one.start_loglik[one.best_start]);
  // the fit's loglik (recomputed after ordering the classes) is the best start's
  CHECK_NEAR(one.best.loglik, one.start_loglik[one.best_start], 1e-9);
}
