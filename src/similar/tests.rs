use super::*;

const ORIGINAL: &str = r#""""Sum of the cubes with a pool of 4 processes."""
from multiprocessing import Pool


def cube(number):
    """The cube of number."""
    return number ** 3


def chunk_sum(bounds):
    start, stop = bounds
    total = 0
    for value in range(start, stop):
        total += cube(value)
    return total


def main():
    chunks = [(start, min(start + 25, 100)) for start in range(0, 100, 25)]
    with Pool(4) as pool:
        partial = pool.map(chunk_sum, chunks)
    result = sum(partial)
    if result < 0:
        raise ValueError("negative")
    print(f"result = {result}")


if __name__ == "__main__":
    main()
"#;

/// The original renamed, its comments changed, its functions reordered, a statement added.
const DISGUISED: &str = r#"import time
from multiprocessing import Pool

def principal():
    # découpage en tranches
    tranches = [(debut, min(debut + 25, 100)) for debut in range(0, 100, 25)]
    t0 = time.time()
    with Pool(4) as p:
        morceaux = p.map(somme_tranche, tranches)
    total = sum(morceaux)
    if total < 0:
        raise ValueError("négatif")
    print(f"result = {total}")

def somme_tranche(bornes):
    a, b = bornes
    s = 0
    for v in range(a, b):
        s += puissance(v)
    return s

def puissance(n):
    return n ** 3

if __name__ == "__main__":
    principal()
"#;

/// Written apart: a per-item map and a queue of results.
const UNRELATED: &str = r#"import multiprocessing as mp

def worker(numbers, queue):
    queue.put(sum(n * n * n for n in numbers))

if __name__ == "__main__":
    queue = mp.Queue()
    workers = [mp.Process(target=worker, args=(range(i, 100, 4), queue)) for i in range(4)]
    for w in workers:
        w.start()
    results = [queue.get() for _ in workers]
    for w in workers:
        w.join()
    print("result =", sum(results))
"#;

fn document(student: &str, origin: Origin, text: &str) -> Document {
    Document::new(
        student,
        "cube",
        Language::Python,
        origin,
        vec![("cube.py".to_string(), text.to_string())],
    )
}

fn score(pairs: &[Pair], a: &str, b: &str) -> f64 {
    pairs
        .iter()
        .find(|pair| {
            (pair.a.student == a && pair.b.student == b)
                || (pair.a.student == b && pair.b.student == a)
        })
        .map_or(0.0, |pair| pair.score)
}

#[test]
fn an_exact_copy_scores_one_and_a_disguised_one_ranks_above_the_unrelated() {
    let documents = vec![
        document("alice", Origin::Class, ORIGINAL),
        document("bob", Origin::Class, ORIGINAL),
        document("carol", Origin::Class, DISGUISED),
        document("dave", Origin::Class, UNRELATED),
    ];
    let pairs = compare(&documents, Settings::default());
    assert_eq!(score(&pairs, "alice", "bob"), 1.0, "{pairs:#?}");
    let disguised = score(&pairs, "alice", "carol");
    assert!(disguised >= 0.5, "{disguised}: {pairs:#?}");
    assert!(score(&pairs, "alice", "dave") < 0.2, "{pairs:#?}");
    assert!(score(&pairs, "carol", "dave") < 0.2, "{pairs:#?}");
    // The most similar first.
    assert_eq!(pairs[0].score, 1.0);
}

#[test]
fn fragments_name_the_lines_of_each_side() {
    let documents = vec![
        document("alice", Origin::Class, ORIGINAL),
        document("carol", Origin::Class, DISGUISED),
    ];
    let pairs = compare(&documents, Settings::default());
    let fragment = &pairs[0].fragments[0];
    let (original, copy) = if pairs[0].a.student == "alice" {
        (&fragment.a, &fragment.b)
    } else {
        (&fragment.b, &fragment.a)
    };
    assert_eq!(original.file, "cube.py");
    // The chunks loop: lines 11-16 of the original, 15-20 of the copy, in one fragment or
    // the main function's: both sides' lines are real lines of their files.
    assert!(
        original.first_line >= 1 && original.last_line <= 30,
        "{original:?}"
    );
    assert!(copy.first_line >= 1 && copy.last_line <= 26, "{copy:?}");
    assert!(original.first_line <= original.last_line);
}

#[test]
fn what_the_base_holds_counts_for_no_pair() {
    let documents = vec![
        document("reference", Origin::Base, ORIGINAL),
        document("alice", Origin::Class, ORIGINAL),
        document("bob", Origin::Class, ORIGINAL),
    ];
    let pairs = compare(&documents, Settings::default());
    assert!(pairs.is_empty(), "{pairs:#?}");
}

#[test]
fn what_most_of_the_class_writes_counts_for_no_pair() {
    // Twelve students of fourteen share the original: the course's boilerplate, say.
    let mut documents: Vec<Document> = ["a", "b", "c", "d", "e", "h", "i", "j", "k", "l", "m", "n"]
        .iter()
        .map(|student| document(student, Origin::Class, ORIGINAL))
        .collect();
    documents.push(document("f", Origin::Class, UNRELATED));
    documents.push(document("g", Origin::Class, UNRELATED));
    let pairs = compare(&documents, Settings::default());
    assert_eq!(score(&pairs, "a", "b"), 0.0, "{pairs:#?}");
    assert_eq!(score(&pairs, "f", "g"), 1.0, "{pairs:#?}");
}

#[test]
fn past_years_are_compared_with_the_class_only() {
    let documents = vec![
        document("alice", Origin::Class, ORIGINAL),
        document("zoe", Origin::Past("2025".into()), ORIGINAL),
        document("yann", Origin::Past("2025".into()), ORIGINAL),
    ];
    let pairs = compare(&documents, Settings::default());
    assert_eq!(pairs.len(), 2, "{pairs:#?}");
    assert!(pairs
        .iter()
        .all(|pair| pair.a.student == "alice" || pair.b.student == "alice"));
}

#[test]
fn solutions_of_other_exercises_or_languages_are_not_paired() {
    let mut other = document("bob", Origin::Class, ORIGINAL);
    other.exercise = "cube_queue".into();
    let documents = vec![document("alice", Origin::Class, ORIGINAL), other];
    assert!(compare(&documents, Settings::default()).is_empty());
}
