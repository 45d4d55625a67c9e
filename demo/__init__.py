"""The demo data (`load_demo`) and the large generated dataset of the benchmark
(`generate_large_dataset`). It imports the apps; no app imports it."""
