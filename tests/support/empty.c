/* An empty translation unit, so the support library exists before it has helpers. */
typedef int phonon_test_support_empty;
