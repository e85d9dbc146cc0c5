/**
 * The coefficients of fdlibm's s_erf.c (SunPro, 1993; as kept in FreeBSD
 * lib/msun/src/s_erf.c), written once for every backend: the js reference
 * (special.ts) reads them, the WGSL generator rounds them into its f32 source
 * (backend/webgpu/wgsl/math-special.ts) and scripts/gen-contract.ts writes them into
 * wasm/src/math/erf_coefficients.rs for the Rust erf. Used under s_erf.c's notice:
 *   Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved.
 *   Developed at SunPro, a Sun Microsystems, Inc. business. Permission to use, copy,
 *   modify, and distribute this software is freely granted, provided that this notice
 *   is preserved.
 * Each array holds a polynomial's coefficients from the constant term up.
 */

/** erf(1) rounded to float32: the 0.84375..1.25 range approximates erf(x) - ERX. */
export const ERX = 8.45062911510467529297e-1;
/** 2/sqrt(pi) - 1, for the first term of the series when |x| < 2^-28. */
export const EFX = 1.28379167095512586316e-1;

/** P/Q on [0, 0.84375]: erf(x) = x + x·P(x²)/Q(x²). */
export const PP = [1.28379167095512558561e-1, -3.25042107247001499370e-1, -2.84817495755985104766e-2,
  -5.77027029648944159157e-3, -2.37630166566501626084e-5] as const;
export const QQ = [1, 3.97917223959155352819e-1, 6.50222499887672944485e-2, 5.08130628187576562776e-3,
  1.32494738004321644526e-4, -3.96022827877536812320e-6] as const;
/** P1/Q1 on [0.84375, 1.25]: erf(x) = ERX + P1(s)/Q1(s), s = |x| - 1. */
export const PA = [-2.36211856075265944077e-3, 4.14856118683748331666e-1, -3.72207876035701323847e-1,
  3.18346619901161753674e-1, -1.10894694282396677476e-1, 3.54783043256182359371e-2,
  -2.16637559486879084300e-3] as const;
export const QA = [1, 1.06420880400844228286e-1, 5.40397917702171048937e-1, 7.18286544141962662868e-2,
  1.26171219808761642112e-1, 1.36370839120290507362e-2, 1.19844998467991074170e-2] as const;
/** R1/S1 on [1.25, 1/0.35]: erfc(x) = exp(-x² - 0.5625 + R1(1/x²)/S1(1/x²)) / x. */
export const RA = [-9.86494403484714822705e-3, -6.93858572707181764372e-1, -1.05586262253232909814e1,
  -6.23753324503260060396e1, -1.62396669462573470355e2, -1.84605092906711035994e2,
  -8.12874355063065934246e1, -9.81432934416914548592] as const;
export const SA = [1, 1.96512716674392571292e1, 1.37657754143519042600e2, 4.34565877475229228821e2,
  6.45387271733267880336e2, 4.29008140027567833386e2, 1.08635005541779435134e2,
  6.57024977031928170135, -6.04244152148580987438e-2] as const;
/** R2/S2 on [1/0.35, 28]: erfc(x) = exp(-x² - 0.5625 + R2(1/x²)/S2(1/x²)) / x. */
export const RB = [-9.86494292470009928597e-3, -7.99283237680523006574e-1, -1.77579549177547519889e1,
  -1.60636384855821916062e2, -6.37566443368389627722e2, -1.02509513161107724954e3,
  -4.83519191608651397019e2] as const;
export const SB = [1, 3.03380607434824582924e1, 3.25792512996573918826e2, 1.53672958608443695994e3,
  3.19985821950859553908e3, 2.55305040643316442583e3, 4.74528541206955367215e2,
  -2.24409524465858183362e1] as const;
