"""One Pandera DataFrameModel per raw table."""
