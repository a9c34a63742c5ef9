"""The patchwork report: for a company and its states, every duty, the one program, what stays apart.

``report`` builds it for a profile; ``program`` holds the strictest-value
algebra, ``specific`` what cannot be unified, ``federal`` the federal items
aimed at state law, ``research`` the country-wide view, ``svg`` the heatmap
and chart, ``exports`` the CSV rows, ``selection`` what counts as law.
"""
