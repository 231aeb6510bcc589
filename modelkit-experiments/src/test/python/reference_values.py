"""Reference values for the statistics tests of modelkit-experiments.

Run with python3 (scipy 1.17.1, numpy 2.4.6, mpmath 1.3.0 were used); every number printed here is
copied, with this script named as its source, into the Java tests. statsmodels was not installed,
so where the tests name a statsmodels function its formula is reproduced below with scipy's
distributions and the equivalence is stated.
"""
import math
import numpy as np
import mpmath as mp
from scipy import stats, integrate, optimize

np.set_printoptions(precision=17)
def show(label, *vals):
    print(label, ' '.join(repr(float(v)) for v in vals))

alpha = 0.05
z975 = stats.norm.ppf(0.975)

print("== two-proportion: control 200/2000, treatment 248/2050")
xc, nc, xt, nt = 200, 2000, 248, 2050
chi2, p, dof, _ = stats.chi2_contingency([[xt, nt - xt], [xc, nc - xc]], correction=False)
pc, pt = xc / nc, xt / nt
pool = (xc + xt) / (nc + nt)
z = (pt - pc) / math.sqrt(pool * (1 - pool) * (1 / nc + 1 / nt))
show("chi2_contingency chi2 p ; z=sqrt(chi2) ; z formula", chi2, p, math.sqrt(chi2), z)
show("normal two-sided p from z", 2 * stats.norm.sf(abs(z)))
vc, vt = pc * (1 - pc) / nc, pt * (1 - pt) / nt
se = math.sqrt(vc + vt)
show("wald diff lower upper", pt - pc, pt - pc - z975 * se, pt - pc + z975 * se)
rel = pt / pc - 1
rse = math.sqrt(vt / pc**2 + pt**2 * vc / pc**4)
show("relative lower upper", rel, rel - z975 * rse, rel + z975 * rse)

print("== Welch")
a = np.array([12.1, 9.8, 11.4, 10.0, 13.2, 8.7, 10.9, 11.8, 9.5, 12.6])
b = np.array([13.5, 12.2, 11.9, 14.8, 10.7, 13.1, 12.9, 15.2, 11.6, 13.8, 12.4, 14.1])
r = stats.ttest_ind(b, a, equal_var=False)
ci = r.confidence_interval(0.95)
show("ttest_ind(b, a, equal_var=False) t p df ci", r.statistic, r.pvalue, r.df, ci.low, ci.high)
ma, mb = a.mean(), b.mean()
va, vb = a.var(ddof=1) / len(a), b.var(ddof=1) / len(b)
rel = mb / ma - 1
rse = math.sqrt(vb / ma**2 + mb**2 * va / ma**4)
show("relative lower upper", rel, rel - z975 * rse, rel + z975 * rse)

print("== ratio (delta method)")
cn = np.array([3, 0, 5, 2, 1, 4, 2, 0, 6, 3], float); cd = np.array([10, 4, 12, 8, 5, 9, 7, 3, 15, 10], float)
tn = np.array([4, 2, 6, 3, 2, 5, 3, 1, 7, 4, 2], float); td = np.array([11, 5, 12, 9, 6, 10, 7, 4, 14, 10, 6], float)
def ratio_var(n, d):
    R = n.sum() / d.sum()
    c = np.cov(n, d, ddof=1)
    return R, (c[0, 0] - 2 * R * c[0, 1] + R * R * c[1, 1]) / (len(n) * d.mean() ** 2)
Rc, Vc = ratio_var(cn, cd); Rt, Vt = ratio_var(tn, td)
se = math.sqrt(Vc + Vt); zz = (Rt - Rc) / se
show("Rc Rt Vc Vt", Rc, Rt, Vc, Vt)
show("diff z p lower upper", Rt - Rc, zz, 2 * stats.norm.sf(abs(zz)), Rt - Rc - z975 * se, Rt - Rc + z975 * se)

print("== multiple testing")
ps = np.array([0.01, 0.04, 0.03, 0.005, 0.20])
show("BH scipy.stats.false_discovery_control", *stats.false_discovery_control(ps, method='bh'))
order = np.argsort(ps); m = len(ps); holm = np.empty(m); run = 0
for rank, i in enumerate(order):
    run = max(run, min(1, (m - rank) * ps[i])); holm[i] = run
show("Holm (statsmodels multipletests 'holm' formula)", *holm)

print("== SRM scipy.stats.chisquare")
for obs in ([5000, 5300], [5000, 5050]):
    r = stats.chisquare(obs)
    show(f"chisquare({obs})", r.statistic, r.pvalue)
r = stats.chisquare([3300, 3350, 3250], f_exp=[3300, 3300, 3300])
show("chisquare([3300,3350,3250])", r.statistic, r.pvalue)
r = stats.chisquare([1020, 4900, 4080], f_exp=[1000, 5000, 4000])
show("chisquare([1020,4900,4080], f_exp=[1000,5000,4000])", r.statistic, r.pvalue)

print("== sample size")
p1, p2 = 0.10, 0.11
za, zb = stats.norm.ppf(0.975), stats.norm.ppf(0.8)
pbar = (p1 + p2) / 2
n = (za * math.sqrt(2 * pbar * (1 - pbar)) + zb * math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))) ** 2 / (p2 - p1) ** 2
show("Fleiss n (R power.prop.test(p1=.1,p2=.11,power=.8) prints 14750.79)", n)
N = math.ceil(n)
pw = stats.norm.cdf(((p2 - p1) * math.sqrt(N) - za * math.sqrt(2 * pbar * (1 - pbar))) / math.sqrt(p1 * (1 - p1) + p2 * (1 - p2)))
show("power at ceil(n)", N, pw)
pw2 = stats.norm.cdf(((p2 - p1) * math.sqrt(5000) - za * math.sqrt(2 * pbar * (1 - pbar))) / math.sqrt(p1 * (1 - p1) + p2 * (1 - p2)))
show("power at 5000", pw2)
sigma, mu, mde = 20.0, 100.0, 0.05
delta = mu * mde
n = 2 * sigma**2 * (za + zb) ** 2 / delta**2
show("continuous n (statsmodels NormalIndPower(effect=delta/sigma) formula)", n, stats.norm.cdf(delta * math.sqrt(math.ceil(n) / 2) / sigma - za))

print("== mixture SPRT (closed form vs numerical integral of the likelihood ratio)")
def tuning(alpha):
    t = 2 * math.log(1 / alpha); x = t + math.log(1 + t)
    for _ in range(200): x = t + math.log(1 + x)
    return x
x = tuning(0.05)
show("tuning multiplier x - ln(1+x) = 2 ln 20", x, x - math.log(1 + x) - 2 * math.log(20))
est, V = 0.012, 0.0000180
tau2 = x * V * 3000 / 10000
lam_closed = math.sqrt(V / (V + tau2)) * math.exp(tau2 * est**2 / (2 * V * (V + tau2)))
lam_quad = integrate.quad(lambda th: math.exp((th * est - th * th / 2) / V) * stats.norm.pdf(th, 0, math.sqrt(tau2)), -1, 1, points=[0, est], epsabs=0, epsrel=1e-13, limit=500)[0]
radius = math.sqrt(V * (V + tau2) / tau2 * (math.log((V + tau2) / V) + 2 * math.log(20)))
show("tau2 Lambda(closed) Lambda(quad) p radius lower upper", tau2, lam_closed, lam_quad, min(1, 1 / lam_closed), radius, est - radius, est + radius)

print("== beta-binomial: control Beta(1+200, 1+1800), treatment Beta(1+248, 1+1802)")
ac, bc, at, bt = 201, 1801, 249, 1803
def p_greater(a1, b1, a2, b2):
    f = lambda t: stats.beta.pdf(t, a1, b1) * stats.beta.cdf(t, a2, b2)
    return integrate.quad(f, 0, 1, points=[a1 / (a1 + b1)], epsabs=1e-15, epsrel=1e-13, limit=1000)[0]
mp.mp.dps = 40
def p_greater_exact(a_b, b_b, a_a, b_a):
    # Evan Miller's closed form for P(X_B > X_A), integer a_b
    s = mp.mpf(0)
    for i in range(int(a_b)):
        s += mp.exp(mp.log(mp.beta(a_a + i, b_a + b_b)) - mp.log(b_b + i) - mp.log(mp.beta(1 + i, b_b)) - mp.log(mp.beta(a_a, b_a)))
    return s
pq = p_greater(at, bt, ac, bc)
show("P(T > C) quad ; closed form (mpmath)", pq, p_greater_exact(at, bt, ac, bc))
mt, mc = at / (at + bt), ac / (ac + bc)
loss_t = mc * p_greater(ac + 1, bc, at, bt) - mt * p_greater(ac, bc, at + 1, bt)
loss_c = mt * p_greater(at + 1, bt, ac, bc) - mc * p_greater(at, bt, ac + 1, bc)
f = lambda t: stats.beta.pdf(t, ac, bc) * 0
lt_direct = integrate.dblquad(lambda y, x: max(y - x, 0) * stats.beta.pdf(x, at, bt) * stats.beta.pdf(y, ac, bc), 0.06, 0.2, 0.06, 0.2, epsabs=1e-13)[0]
show("loss if treatment chosen ; direct double integral ; loss if control chosen", loss_t, lt_direct, loss_c)
def diff_cdf(d):
    g = lambda t: stats.beta.pdf(t, ac, bc) * stats.beta.cdf(min(max(t + d, 0), 1), at, bt)
    return integrate.quad(g, 0, 1, points=[mc], epsabs=1e-15, epsrel=1e-13, limit=1000)[0]
lo = optimize.brentq(lambda d: diff_cdf(d) - 0.025, -0.2, 0.2, xtol=1e-14)
hi = optimize.brentq(lambda d: diff_cdf(d) - 0.975, -0.2, 0.2, xtol=1e-14)
show("credible interval of T - C", lo, hi)

print("== small-count beta: control Beta(1+3,1+47), treatment Beta(1+9,1+41)")
show("P(T > C) quad ; closed form", p_greater(10, 42, 4, 48), p_greater_exact(10, 42, 4, 48))

print("== normal posterior: estimate 0.8, variance 0.25")
e, v = 0.8, 0.25; s = math.sqrt(v)
show("P(D>0) lossShip lossKeep lower upper", stats.norm.cdf(e / s),
     integrate.quad(lambda d: max(-d, 0) * stats.norm.pdf(d, e, s), -10, 10, points=[0], epsabs=1e-14)[0],
     integrate.quad(lambda d: max(d, 0) * stats.norm.pdf(d, e, s), -10, 10, points=[0], epsabs=1e-14)[0],
     e - z975 * s, e + z975 * s)

print("== CUPED")
yc = np.array([10.2, 12.5, 9.1, 14.0, 11.3, 13.6, 8.8, 12.0, 10.9, 11.7])
xc_ = np.array([9.8, 12.9, 8.7, 13.1, 11.0, 13.0, 9.2, 11.4, 10.1, 11.9])
yt = np.array([11.9, 13.8, 10.4, 15.1, 12.6, 14.9, 10.2, 13.3, 12.1, 13.0, 11.5])
xt_ = np.array([10.1, 12.7, 8.9, 13.6, 11.2, 13.4, 8.8, 11.9, 10.6, 11.8, 10.3])
y = np.concatenate([yc, yt]); xx = np.concatenate([xc_, xt_]); T = np.concatenate([np.zeros(len(yc)), np.ones(len(yt))])
X = np.column_stack([np.ones_like(y), T, xx])
coef = np.linalg.lstsq(X, y, rcond=None)[0]
show("OLS y ~ 1 + T + x: coef(T) coef(x)", coef[1], coef[2])
theta = coef[2]
def adjvar(yy, xv):
    c = np.cov(yy, xv, ddof=1)
    return (c[0, 0] - 2 * theta * c[0, 1] + theta**2 * c[1, 1]) / len(yy)
V = adjvar(yc, xc_) + adjvar(yt, xt_)
plain = yc.var(ddof=1) / len(yc) + yt.var(ddof=1) / len(yt)
se = math.sqrt(V); zz = coef[1] / se
show("se p lower upper varianceReduction", se, 2 * stats.norm.sf(abs(zz)), coef[1] - z975 * se, coef[1] + z975 * se, 1 - V / plain)
