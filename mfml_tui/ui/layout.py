"""Layout breakpoints shared by the app's CSS classes and the screens that lay out text beside plots."""

WIDE = 120  #: columns from which text and plot sit side by side
