"""Views: validate, call a service or a QuerySet, render the page or, for htmx, a partial."""
