"""The offer-pack browser and its dialogs."""
