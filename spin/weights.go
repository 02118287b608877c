package spin

// defaultWeights are the decision model's weights, in FeatureNames order.
var defaultWeights = [NumFeatures]float64{-4, 0.8, 0.2, 1.5, 1.5, -1, 0.7, 0.8, -1.5, 1, -0.3, 0}
