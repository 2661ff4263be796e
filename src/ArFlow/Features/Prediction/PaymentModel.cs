using System.IO.Compression;
using ArFlow.Domain.Prediction;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace ArFlow.Features.Prediction;

/// <summary>One training or scoring row for ML.NET: the features, whether the invoice was paid
/// late, and the days it took.</summary>
public sealed class PaymentRow
{
    [VectorType(16)] public float[] Features { get; set; } = [];
    public bool Late { get; set; }
    public float DaysToSettle { get; set; }

    /// <summary>The domain's features as ML.NET takes them: floats, missing as NaN, the amount on a
    /// log scale (the encoding the stored models were trained on).</summary>
    public static float[] Encode(decimal?[] features)
    {
        ArgumentNullException.ThrowIfNull(features);
        var encoded = features.Select(f => f is { } v ? (float)v : float.NaN).ToArray();
        encoded[0] = (float)Math.Log10(1 + (double)(features[0] ?? 0m));
        return encoded;
    }
}

public sealed class LateOutput
{
    public float Probability { get; set; }
}

public sealed class DaysOutput
{
    public float Score { get; set; }
}

/// <summary>The two gradient-boosted tree models (ML.NET FastTree) of payment prediction: a
/// classifier for "paid more than the threshold late" and a regression for the days from issue to
/// payment. With too little history (<see cref="MinimumRows"/> paid invoices, or fewer than
/// <see cref="MinimumPerClass"/> late or on time) there is no model: callers fall back to the naive
/// forecast and say so.</summary>
public sealed class PaymentModel
{
    public const int MinimumRows = 200;
    public const int MinimumPerClass = 20;

    private readonly MLContext _ml;
    private readonly ITransformer _late;
    private readonly ITransformer _days;

    private PaymentModel(MLContext ml, ITransformer late, ITransformer days) => (_ml, _late, _days) = (ml, late, days);

    public static bool CanTrain(IReadOnlyList<PaymentRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var late = rows.Count(r => r.Late);
        return rows.Count >= MinimumRows && late >= MinimumPerClass && rows.Count - late >= MinimumPerClass;
    }

    /// <summary>Trains both models; deterministic for the same rows (fixed seed, one thread).</summary>
    public static PaymentModel Train(IReadOnlyList<PaymentRow> rows)
    {
        if (PaymentFeatures.Names.Length != 16) throw new InvalidOperationException("PaymentRow.Features must be as wide as PaymentFeatures.Names.");
        var ml = new MLContext(seed: 2026);
        var data = ml.Data.LoadFromEnumerable(rows);
        var late = ml.Transforms.ReplaceMissingValues("Features")
            .Append(ml.BinaryClassification.Trainers.FastTree(new Microsoft.ML.Trainers.FastTree.FastTreeBinaryTrainer.Options
            {
                LabelColumnName = nameof(PaymentRow.Late), NumberOfLeaves = 16, NumberOfTrees = 200, MinimumExampleCountPerLeaf = 10,
                LearningRate = 0.1, NumberOfThreads = 1,
            }))
            .Fit(data);
        var days = ml.Transforms.ReplaceMissingValues("Features")
            .Append(ml.Regression.Trainers.FastTree(new Microsoft.ML.Trainers.FastTree.FastTreeRegressionTrainer.Options
            {
                LabelColumnName = nameof(PaymentRow.DaysToSettle), NumberOfLeaves = 16, NumberOfTrees = 200, MinimumExampleCountPerLeaf = 10,
                LearningRate = 0.1, NumberOfThreads = 1,
            }))
            .Fit(data);
        return new PaymentModel(ml, late, days);
    }

    /// <summary>Forecasts for many rows at once (one pass through each model).</summary>
    public IReadOnlyList<Forecast> Predict(IReadOnlyList<PaymentRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var data = _ml.Data.LoadFromEnumerable(rows);
        // The models answer in floats; the forecasts are decimal like every figure of the domain.
        var late = _ml.Data.CreateEnumerable<LateOutput>(_late.Transform(data), reuseRowObject: false).Select(o => (decimal)o.Probability).ToList();
        var days = _ml.Data.CreateEnumerable<DaysOutput>(_days.Transform(data), reuseRowObject: false).Select(o => Math.Max(0m, (decimal)o.Score)).ToList();
        return late.Zip(days, (l, d) => new Forecast(l, d)).ToList();
    }

    /// <summary>Both models in one zip, to keep in the database.</summary>
    public byte[] Save()
    {
        var schema = _ml.Data.LoadFromEnumerable(Array.Empty<PaymentRow>()).Schema;
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, model) in new[] { ("late", _late), ("days", _days) })
            {
                using var entry = zip.CreateEntry(name + ".zip").Open();
                _ml.Model.Save(model, schema, entry);
            }
        }
        return buffer.ToArray();
    }

    public static PaymentModel Load(byte[] saved)
    {
        var ml = new MLContext(seed: 2026);
        using var zip = new ZipArchive(new MemoryStream(saved), ZipArchiveMode.Read);
        ITransformer Read(string name)
        {
            using var entry = zip.GetEntry(name + ".zip")!.Open();
            using var copy = new MemoryStream();
            entry.CopyTo(copy);
            copy.Position = 0;
            return ml.Model.Load(copy, out _);
        }
        return new PaymentModel(ml, Read("late"), Read("days"));
    }
}
