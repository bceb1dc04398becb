/**
 * The report's claims (../shared/seed, §1.2.4, §2.2.4, §3.1, §3.2), one entry each: its words in
 * Chinese and English, where they stand, and checks over our results (schema.ts). REPORT.md's
 * section "Do the report's conclusions hold?" evaluates them on the author-profile runs and on
 * the textbook runs (scripts/lib/claims/).
 */
import type { Check, Claim, Group, Ref } from "./schema.ts";

const ACTS = ["sigmoid", "relu", "gelu"] as const;
const LOSSES = ["euclidean", "softmax_ce", "hinge"] as const;
type Act = typeof ACTS[number];
type Loss = typeof LOSSES[number];
const ACT_NAME: Record<Act, string> = { sigmoid: "Sigmoid", relu: "ReLU", gelu: "GELU" };
const LOSS_NAME: Record<Loss, string> = {
  euclidean: "Euclidean",
  softmax_ce: "softmax CE",
  hinge: "hinge",
};

/** Per loss, the runs of a grid section with these activations (in this order). */
function perLoss(
  section: string,
  acts: readonly Act[],
  expect?: Act,
  losses: readonly Loss[] = LOSSES,
): Group[] {
  return losses.map((l) => ({
    label: LOSS_NAME[l],
    runs: acts.map((a) => `${section}/${a}-${l}`),
    ...(expect ? { expect: [`${section}/${expect}-${l}`] } : {}),
  }));
}

/** Per activation, the runs of a grid section with these losses (in this order). */
function perAct(section: string, losses: readonly Loss[], expect?: Loss): Group[] {
  return ACTS.map((a) => ({
    label: ACT_NAME[a],
    runs: losses.map((l) => `${section}/${a}-${l}`),
    ...(expect ? { expect: [`${section}/${a}-${expect}`] } : {}),
  }));
}

/** One hidden → two hidden layers, for a pair. */
const gain = (pair: string): Ref => ({ from: `one_hidden/${pair}`, to: `two_hidden/${pair}` });
const PAIRS = ACTS.flatMap((a) => LOSSES.map((l) => `${a}-${l}`));
const STABILITY = ACTS.map((a) => `stability/${a}-hinge-lr=0.1`);
/** Per activation, the three losses' depth gains. */
const gainsPerAct: Group[] = ACTS.map((a) => ({
  label: ACT_NAME[a],
  runs: LOSSES.map((l) => gain(`${a}-${l}`)),
  expect: [gain(`${a}-euclidean`)],
}));

/** A sweep section's runs as one group, `expect` given by run name. */
function sweep(section: string, names: readonly string[], expect?: readonly string[]): Group[] {
  return [{
    label: section,
    runs: names.map((n) => `${section}/${n}`),
    ...(expect ? { expect: expect.map((n) => `${section}/${n}`) } : {}),
  }];
}
const LR = ["lr=0.1", "lr=0.01", "lr=0.001", "lr=0.0001"];
const BATCH = ["batch_size=10", "batch_size=50", "batch_size=100", "batch_size=200"];
const MOMENTUM = ["momentum=0", "momentum=0.5", "momentum=0.9", "momentum=0.99"];
const WD = ["weight_decay=0", "weight_decay=0.0002", "weight_decay=0.002", "weight_decay=0.02"];

/** The report's threshold for an unstable curve (scripts/lib/report_build.ts UNSTABLE_RMS). */
const UNSTABLE = 0.0025;
/** Hinge loss of an all-zero output: margin 5 × 9 wrong classes. No learning stays at or above. */
const HINGE_ZERO_OUTPUT = 45;
const noLearning: Check = {
  kind: "threshold",
  metric: "finalTrainLoss",
  op: ">=",
  value: HINGE_ZERO_OUTPUT,
  meaning: "the hinge loss of an all-zero output: no better than not learning",
  runs: STABILITY,
};

const S124T = "§1.2.4 训练时间 (training time)";
const S124C = "§1.2.4 收敛速度 & 收敛稳定性 (convergence speed and stability)";
const S124A = "§1.2.4 准确率 (accuracy)";
const S224 = "§2.2.4 实验结果分析 (two hidden layers against one)";
const S32 = "§3.2 计算稳定性 (numerical stability)";

/** Every claim, in the report's order. */
export const CLAIMS: readonly Claim[] = [
  {
    id: "gelu-slowest-epoch",
    section: S124T,
    zh: "Gelu 激活函数对应的三组实验每个 epoch 的平均耗时明显最长",
    en: "The three GELU runs clearly take the longest per epoch on average.",
    checks: [{
      kind: "extreme",
      metric: "timingEpochSeconds",
      which: "max",
      groups: perLoss("one_hidden", ACTS, "gelu"),
    }],
  },
  {
    id: "softmax-slower-epoch",
    section: S124T,
    zh: "SoftmaxCrossEntropyLoss 对应的三组实验平均耗时较长，但不明显",
    en: "The three softmax cross-entropy runs take longer on average, but not markedly.",
    checks: [{
      kind: "extreme",
      metric: "timingEpochSeconds",
      which: "max",
      groups: perAct("one_hidden", LOSSES, "softmax_ce"),
    }],
  },
  {
    id: "gelu-converges-slowest",
    section: S124C,
    zh: "在相同的损失函数情况下，考虑三个激活函数，Gelu 的收敛速度最慢",
    en: "For the same loss, among the three activations GELU converges slowest.",
    checks: [{
      kind: "extreme",
      metric: { epochsToTestAcc: 0.95 },
      which: "max",
      groups: perLoss("one_hidden", ACTS, "gelu"),
    }],
  },
  {
    id: "gelu-most-stable",
    section: S124C,
    zh: "Gelu 激活函数对应的三组实验明显收敛更加稳定，无论是在 Train 上还是在 Test 上都很稳定",
    en: "The three GELU runs converge clearly more stably, on Train as on Test.",
    checks: [
      {
        kind: "extreme",
        metric: "trainJitter",
        which: "min",
        groups: perLoss("one_hidden", ACTS, "gelu"),
      },
      {
        kind: "extreme",
        metric: "testJitter",
        which: "min",
        groups: perLoss("one_hidden", ACTS, "gelu"),
      },
    ],
  },
  {
    id: "relu-fluctuates-most",
    section: S124C,
    zh: "尤其是 Relu 激活函数对应的三组实验，在 Test 上的波动现象最明显",
    en: "Above all the three ReLU runs: their fluctuations on Test are the most pronounced.",
    checks: [{
      kind: "extreme",
      metric: "testJitter",
      which: "max",
      groups: perLoss("one_hidden", ACTS, "relu"),
    }],
  },
  {
    id: "hinge-fastest-loss",
    section: S124C,
    zh:
      "在 lr 较小，即 lr = 1e-4 时，HingeLoss 的收敛速度最快，可以从 Loss 图像上看出其斜率绝对值最大",
    en:
      "At the small lr = 1e-4, hinge loss converges fastest: its loss curve has the steepest slope.",
    checks: [{
      kind: "extreme",
      metric: { epochsToLossFraction: 0.1 },
      which: "min",
      groups: perAct("one_hidden", LOSSES, "hinge"),
    }],
  },
  {
    id: "hinge-diverges-lr01",
    section: S124C,
    zh: "但在 lr = 1e-1，即其他几组实验的 lr 下，HingeLoss 会发散",
    en: "But at lr = 0.1, the other runs' learning rate, hinge loss diverges.",
    checks: [
      noLearning,
      { kind: "threshold", metric: "nonFiniteEpochs", op: ">", value: 0, runs: STABILITY },
    ],
  },
  {
    id: "hinge-stable",
    section: S124C,
    zh: "同时 HingeLoss 也让收敛过程变得稳定，可能是因为 lr 较小",
    en: "Hinge loss also makes convergence stable, perhaps because of its small lr.",
    checks: [{
      kind: "extreme",
      metric: "testJitter",
      which: "min",
      groups: perAct("one_hidden", LOSSES, "hinge"),
    }],
  },
  {
    id: "accuracy-gelu-relu-sigmoid",
    section: S124A,
    zh: "在相同的损失函数情况下，考虑三个激活函数，总体上 Gelu > Relu > Sigmoid",
    en: "For the same loss, across the three activations, overall GELU > ReLU > Sigmoid.",
    checks: [{
      kind: "order",
      metric: "finalTestAcc",
      direction: "descending",
      groups: perLoss("one_hidden", ["gelu", "relu", "sigmoid"]),
    }],
  },
  {
    id: "train-hinge-softmax-euclidean",
    section: S124A,
    zh: "在 Train 数据集上，HingeLoss > SoftmaxCELoss > EuclideanLoss",
    en: "On the Train set, hinge > softmax CE > Euclidean.",
    checks: [{
      kind: "order",
      metric: "finalTrainAcc",
      direction: "descending",
      groups: perAct("one_hidden", ["hinge", "softmax_ce", "euclidean"]),
    }],
  },
  {
    id: "test-softmax-hinge-euclidean",
    section: S124A,
    zh: "而在 Test 数据集上，SoftmaxCELoss > HingeLoss > EuclideanLoss",
    en: "While on the Test set, softmax CE > hinge > Euclidean.",
    checks: [{
      kind: "order",
      metric: "finalTestAcc",
      direction: "descending",
      groups: perAct("one_hidden", ["softmax_ce", "hinge", "euclidean"]),
    }],
  },
  {
    id: "depth-accuracy-up",
    section: S224,
    zh: "无论是在 Train 还是 Test 数据集上，ACC 总体上均有所提升",
    en: "On Train as on Test, accuracy rises overall.",
    checks: [
      { kind: "threshold", metric: "finalTrainAcc", op: ">", value: 0, runs: PAIRS.map(gain) },
      { kind: "threshold", metric: "finalTestAcc", op: ">", value: 0, runs: PAIRS.map(gain) },
    ],
  },
  {
    id: "depth-relu-euclidean-largest",
    section: S224,
    zh: "九组实验中 EuclideanLoss 和 Relu 的一组的 ACC 增加最大，高达两个百分点",
    en:
      "Of the nine pairs, ReLU + Euclidean gains the most accuracy, as much as two percentage points.",
    checks: [
      {
        kind: "extreme",
        metric: "finalTestAcc",
        which: "max",
        groups: [{ label: "all pairs", runs: PAIRS.map(gain), expect: [gain("relu-euclidean")] }],
      },
      {
        kind: "threshold",
        metric: "finalTestAcc",
        op: ">=",
        value: 0.02,
        runs: [gain("relu-euclidean")],
      },
    ],
  },
  {
    id: "depth-others-no-gain",
    section: S224,
    zh: "其余实验的 ACC 并没有明显提升",
    en: "The other pairs' accuracy does not rise markedly.",
    checks: [{
      kind: "threshold",
      metric: "finalTestAcc",
      op: "<",
      value: 0.01,
      meaning: "one percentage point",
      runs: PAIRS.filter((p) => p !== "relu-euclidean").map(gain),
    }],
  },
  {
    id: "depth-slower",
    section: S224,
    zh:
      "由于两层 MLP 的网络结构更深更复杂，在每个 epoch 的前向传播和反向传播的计算量都较大，平均训练时间都比较长",
    en: "Two hidden layers do more work per epoch, so training takes longer on average.",
    checks: [{
      kind: "threshold",
      metric: "timingEpochSeconds",
      op: ">",
      value: 0,
      runs: PAIRS.map(gain),
    }],
  },
  {
    id: "depth-helps-euclidean",
    section: S224,
    zh: "两层 MLP 对于 EuclideanLoss 的促进作用更强",
    en: "The second hidden layer helps Euclidean loss more.",
    checks: [{ kind: "extreme", metric: "finalTestAcc", which: "max", groups: gainsPerAct }],
  },
  {
    id: "lr-0.01-best",
    section: "§3.1.1 learning_rate",
    zh: "在 lr = 0.01 时效果最好，50 个 epochs 跑出来的 Train 和 Test 上的 ACC 最大",
    en: "lr = 0.01 works best: after 50 epochs its Train and Test accuracy are the highest.",
    checks: [
      {
        kind: "extreme",
        metric: "finalTrainAcc",
        which: "max",
        groups: sweep("sweep_lr", LR, ["lr=0.01"]),
      },
      {
        kind: "extreme",
        metric: "finalTestAcc",
        which: "max",
        groups: sweep("sweep_lr", LR, ["lr=0.01"]),
      },
    ],
  },
  {
    id: "lr-0.1-oscillates",
    section: "§3.1.1 learning_rate",
    zh: "lr 比较大，比如 lr = 0.1 的时候出现了很大的抖动",
    en: "With a large lr such as 0.1 the curves oscillate strongly.",
    checks: [
      {
        kind: "extreme",
        metric: "testJitter",
        which: "max",
        groups: sweep("sweep_lr", LR, ["lr=0.1"]),
      },
      {
        kind: "threshold",
        metric: "testJitter",
        op: ">",
        value: UNSTABLE,
        meaning: "the report's threshold for an unstable curve",
        runs: ["sweep_lr/lr=0.1"],
      },
    ],
  },
  {
    id: "lr-small-lower-train",
    section: "§3.1.1 learning_rate",
    zh: "lr = 0.001 和 lr = 0.0001 的训练准确率明显低于 lr 较高的两组",
    en: "lr = 0.001 and 0.0001 reach clearly lower training accuracy than the two higher rates.",
    checks: [{
      kind: "extreme",
      metric: "finalTrainAcc",
      which: "min",
      groups: sweep("sweep_lr", LR, ["lr=0.001", "lr=0.0001"]),
    }],
  },
  {
    id: "batch-100-best",
    section: "§3.1.2 batch_size",
    zh: "在 bsz = 100 时学习效果是最好的",
    en: "Batch size 100 learns best.",
    checks: [{
      kind: "extreme",
      metric: "finalTestAcc",
      which: "max",
      groups: sweep("sweep_batch_size", BATCH, ["batch_size=100"]),
    }],
  },
  {
    id: "batch-small-slower",
    section: "§3.1.2 batch_size",
    zh: "当 bsz 较小的时候，由于不能充分利用并行导致训练较慢",
    en: "Small batches train more slowly, since they cannot use parallelism fully.",
    checks: [
      {
        kind: "extreme",
        metric: "medianEpochSeconds",
        which: "max",
        groups: sweep("sweep_batch_size", BATCH, ["batch_size=10"]),
      },
      {
        kind: "order",
        metric: "medianEpochSeconds",
        direction: "descending",
        groups: sweep("sweep_batch_size", BATCH),
      },
    ],
  },
  {
    id: "batch-large-smoother",
    section: "§3.1.2 batch_size",
    zh:
      "一个 batch 里的数据可以平衡个体差异，使得损失以及回传的梯度更加稳定……这也可以从上面图中的曲线光滑程度可以看出来",
    en:
      "A larger batch evens out individual samples, so loss and gradients are steadier, as the smoothness of the curves shows.",
    checks: [
      {
        kind: "order",
        metric: "trainJitter",
        direction: "descending",
        groups: sweep("sweep_batch_size", BATCH),
      },
      {
        kind: "order",
        metric: "testJitter",
        direction: "descending",
        groups: sweep("sweep_batch_size", BATCH),
      },
    ],
  },
  {
    id: "momentum-0.9-best",
    section: "§3.1.3 momentum",
    zh: "当 mm = 0.9 的时候……效果是最好的",
    en: "Momentum 0.9 works best.",
    checks: [{
      kind: "extreme",
      metric: "finalTestAcc",
      which: "max",
      groups: sweep("sweep_momentum", MOMENTUM, ["momentum=0.9"]),
    }],
  },
  {
    id: "momentum-0.99-oscillates",
    section: "§3.1.3 momentum",
    zh: "当 mm 较大的时候……以至于出现波动，无法到达最优解的情况",
    en: "With a large momentum the steps are too large: the curves oscillate and miss the optimum.",
    checks: [
      {
        kind: "extreme",
        metric: "testJitter",
        which: "max",
        groups: sweep("sweep_momentum", MOMENTUM, ["momentum=0.99"]),
      },
      {
        kind: "threshold",
        metric: "testJitter",
        op: ">",
        value: UNSTABLE,
        meaning: "the report's threshold for an unstable curve",
        runs: ["sweep_momentum/momentum=0.99"],
      },
    ],
  },
  {
    id: "momentum-small-lower",
    section: "§3.1.3 momentum",
    zh: "当 mm 太小的时候，梯度更新较慢，模型收敛速度较慢，在给定的 max_epoch 情况下准确率较低",
    en:
      "With too small a momentum, convergence is slower and accuracy after the given epochs lower.",
    checks: [{
      kind: "order",
      metric: "finalTestAcc",
      direction: "ascending",
      groups: sweep("sweep_momentum", MOMENTUM.slice(0, 3)),
    }],
  },
  {
    id: "weight-decay-small-best",
    section: "§3.1.4 weight_decay",
    zh: "当 wd = 0 或者有比较小的 wd = 2e-4 时，模型的表现都很好",
    en: "With wd = 0 or a small wd = 2e-4 the model does well.",
    checks: [{
      kind: "extreme",
      metric: "finalTestAcc",
      which: "max",
      groups: sweep("sweep_weight_decay", WD, ["weight_decay=0", "weight_decay=0.0002"]),
    }],
  },
  {
    id: "weight-decay-large-worse",
    section: "§3.1.4 weight_decay",
    zh: "当 wd 较大的时候，对模型参数的惩罚过大……导致模型最后表现并不是很好",
    en: "A large wd penalises the weights too much, and the model ends up doing worse.",
    checks: [{
      kind: "order",
      metric: "finalTestAcc",
      direction: "descending",
      groups: sweep("sweep_weight_decay", WD.slice(1)),
    }],
  },
  {
    id: "stability-relu-fluctuates",
    section: S32,
    zh:
      "在 Relu 激活函数下，模型训练时在 Train 数据集上的 Loss 和 ACC 有较大的波动，且在 Test 数据集上的波动更大……（lr = 0.1）",
    en: "With ReLU, Train loss and accuracy fluctuate strongly, and Test even more (at lr = 0.1).",
    checks: [
      {
        kind: "extreme",
        metric: "trainJitter",
        which: "max",
        groups: perLoss("one_hidden", ACTS, "relu", ["euclidean", "softmax_ce"]),
      },
      {
        kind: "extreme",
        metric: "testJitter",
        which: "max",
        groups: perLoss("one_hidden", ACTS, "relu", ["euclidean", "softmax_ce"]),
      },
    ],
  },
  {
    id: "stability-gelu-over-sigmoid",
    section: S32,
    zh: "剩下两个激活函数中 Gelu 是最稳定的",
    en: "Of the other two activations, GELU is the most stable.",
    checks: [{
      kind: "extreme",
      metric: "testJitter",
      which: "min",
      groups: perLoss("one_hidden", ["sigmoid", "gelu"], "gelu", ["euclidean", "softmax_ce"]),
    }],
  },
  {
    id: "stability-softmax-over-euclidean",
    section: S32,
    zh:
      "在相同的激活函数下，考虑 Euclidean 和 SoftmaxCELoss 损失函数，总体上 SoftmaxCELoss 相对来说波动较大",
    en: "For the same activation, softmax CE fluctuates more than Euclidean overall.",
    checks: [{
      kind: "extreme",
      metric: "testJitter",
      which: "max",
      groups: perAct("one_hidden", ["euclidean", "softmax_ce"], "softmax_ce"),
    }],
  },
  {
    id: "stability-hinge-no-convergence",
    section: S32,
    zh: "若是也将 lr 设置为 0.1，实验结果表明 HingeLoss 已经无法收敛",
    en: "Set to lr = 0.1 as well, hinge loss no longer converges.",
    checks: [noLearning],
  },
];

export default CLAIMS;
