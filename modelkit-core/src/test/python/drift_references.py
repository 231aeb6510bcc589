"""Reference values for DriftStatisticsTest, computed with SciPy.

Run: python3 drift_references.py   (SciPy 1.17.1, NumPy 2.x were used for the values in the test)

Samples come from a 31-bit linear congruential generator written out in integer arithmetic
(state = (1103515245 * state + 12345) mod 2^31, value = state / 2^31), which Java reproduces
bit for bit, so the test needs no data files.
"""
import numpy as np
import scipy
from scipy import stats
from scipy.spatial import distance


def lcg(seed, n, scale=1.0, shift=0.0):
    out = []
    s = seed
    for _ in range(n):
        s = (1103515245 * s + 12345) % (1 << 31)
        out.append(s / float(1 << 31) * scale + shift)
    return np.array(out)


print("scipy", scipy.__version__)

# KS: hand-written small samples (exact, unequal sizes)
a = [0.61, 0.29, 0.06, 0.59, -1.73, -0.74, 0.51, -0.56]
b = [0.39, 1.64, 0.05, -0.06, 0.64, -0.82, 0.37, 1.77, 1.09, -1.28]
r = stats.ks_2samp(a, b)
print("ks small", repr(r.statistic), repr(r.pvalue))

# KS exact, equal sizes 60/60
x = lcg(1, 60)
y = lcg(2, 60, 1.0, 0.15)
r = stats.ks_2samp(x, y)
print("ks equal60", repr(r.statistic), repr(r.pvalue))

# KS exact, unequal sizes 300/1000
x = lcg(3, 300)
y = lcg(4, 1000, 1.1, 0.0)
r = stats.ks_2samp(x, y)
print("ks exact300x1000", repr(r.statistic), repr(r.pvalue))

# KS exact, sizes 2000/9999 (largest exact)
x = lcg(5, 2000)
y = lcg(6, 9999, 1.0, 0.02)
r = stats.ks_2samp(x, y)
print("ks exact2000x9999", repr(r.statistic), repr(r.pvalue))

# KS asymptotic: 12000 / 800 (max > 10000)
x = lcg(7, 12000)
y = lcg(8, 800, 1.0, 0.03)
r = stats.ks_2samp(x, y)
print("ks asymp12000x800", repr(r.statistic), repr(r.pvalue))

# KS asymptotic: 20000 / 15000
x = lcg(9, 20000)
y = lcg(10, 15000, 1.0, 0.012)
r = stats.ks_2samp(x, y)
print("ks asymp20000x15000", repr(r.statistic), repr(r.pvalue))

# kstwo.sf across the Simard-L'Ecuyer branches
for n, d in [(10, 0.04), (10, 0.08), (10, 0.95), (20, 0.6), (50, 0.1), (50, 0.2), (50, 0.35),
             (140, 0.05), (500, 0.03), (500, 0.01), (500, 0.08), (1000, 0.7), (753, 0.045),
             (200000, 0.002), (100000, 0.0005)]:
    print("kstwo", n, d, repr(stats.kstwo.sf(d, n)))

# chi-square goodness of fit, Evidently's form: f_exp = reference counts scaled to the current total
ref = np.array([120.0, 340.0, 90.0, 450.0])
cur = np.array([30.0, 95.0, 41.0, 84.0])
f_exp = ref * cur.sum() / ref.sum()
r = stats.chisquare(cur, f_exp)
print("chi", repr(r.statistic), repr(r.pvalue))

# pooled two-proportion z-test: z by formula, p from scipy.stats.norm
s1, n1, s2, n2 = 412.0, 1000.0, 61.0, 120.0
p1, p2, P = s1 / n1, s2 / n2, (s1 + s2) / (n1 + n2)
z = (p1 - p2) / np.sqrt(P * (1 - P) * (1 / n1 + 1 / n2))
print("z", repr(z), repr(2 * stats.norm.sf(abs(z))))

# Wasserstein, unweighted and weighted, and Evidently's normalised form
u = lcg(11, 500, 10.0)
v = lcg(12, 300, 12.0, 1.0)
print("wasserstein", repr(stats.wasserstein_distance(u, v)))
print("wasserstein_norm", repr(stats.wasserstein_distance(u, v) / max(np.std(u), 0.001)))
uw = [0.0, 1.0, 3.0]
vw = [5.0, 6.0, 8.0]
print("wasserstein_weighted", repr(stats.wasserstein_distance(uw, vw, [3, 1, 1], [1, 1, 3])))

# Jensen-Shannon distance (natural log)
p = [0.10, 0.40, 0.50, 0.0]
q = [0.30, 0.30, 0.20, 0.20]
print("js", repr(distance.jensenshannon(p, q)))

# Jensen-Shannon over NumPy's Sturges bins of the combined data (Evidently's numeric binning)
u = lcg(13, 700, 5.0)
v = lcg(14, 400, 6.0, -0.5)
edges = np.histogram_bin_edges(np.concatenate([u, v]), bins="sturges")
hu = np.histogram(u, edges)[0] / len(u)
hv = np.histogram(v, edges)[0] / len(v)
print("js_sturges", len(edges) - 1, repr(distance.jensenshannon(hu, hv)))

# PSI by its definition, shares floored at 0.0001 as Evidently does; p-value from chi2(B-1)
r_counts = np.array([100, 100, 100, 100, 100, 100, 100, 100, 100, 100], dtype=float)
c_counts = np.array([30, 45, 50, 52, 48, 61, 70, 66, 40, 38], dtype=float)
rp = np.maximum(r_counts / r_counts.sum(), 0.0001)
cp = np.maximum(c_counts / c_counts.sum(), 0.0001)
psi = float(np.sum((rp - cp) * np.log(rp / cp)))
print("psi", repr(psi), repr(stats.chi2.sf(psi / (1 / r_counts.sum() + 1 / c_counts.sum()), 9)),
      repr(stats.chi2.isf(0.05, 9) * (1 / r_counts.sum() + 1 / c_counts.sum())))

# multiple testing
ps = np.array([0.001, 0.008, 0.039, 0.041, 0.042, 0.060, 0.074, 0.205, 0.212, 0.216])
print("bh", [repr(x) for x in stats.false_discovery_control(ps, method="bh")])
