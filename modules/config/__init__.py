"""The config layer: environments.toml → frozen, validated, typed config."""
