package dev.earshot.classifier;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** The k-fold split of cross-validation, drawn by a seeded shuffle: the same data and seed give the same figures. */
final class Folds {
    private Folds() {
    }

    /** Each of {@code size} examples' fold, from 0 to {@code folds - 1}. */
    static int[] draw(int size, int folds, long seed) {
        if (folds < 2 || folds > size) {
            throw new IllegalArgumentException("folds must lie between 2 and the number of labelled examples (" + size + ")");
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(seed));
        int[] fold = new int[size];
        for (int i = 0; i < order.size(); i++) {
            fold[order.get(i)] = i % folds;
        }
        return fold;
    }
}
