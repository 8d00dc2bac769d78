# The analysis holds interview words: it is not offered in the admin site.
