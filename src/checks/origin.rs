//! Where a Python program's printed result came from: the record of what crossed between its
//! processes.
//!
//! The CPU view's `sitecustomize.py` notes every object multiprocessing pickles for another
//! process or unpickles from one, in every process of the program: which process (the main one,
//! a worker, a `Manager()`'s server), through what (a pool, an executor, a queue, a pipe), in
//! which role (a task, a result, an item put or got, a message sent or received), and the
//! numbers it held, added up by their place in the object (`.*` for a list's items, `.1` for a
//! tuple's second). The grader reads the record after the run.
//!
//! The printed value came from the workers when some place of what the main process received
//! adds up to it, and what the workers sent at that same place, through the same channel, adds
//! up to it too: the main process added up the workers' results, whether they were one cube
//! each or one partial sum each, alone or paired with their index. It did not when the workers
//! sent nothing that adds up to it (idle workers, a sum the main process computed itself), or
//! when the main process got it only from itself.
//!
//! The record is written by code running inside the student's processes: a program that
//! rewrites multiprocessing, or writes the record's descriptor itself, can forge it. It proves
//! the result against the mistakes and shortcuts of programs that use multiprocessing as it is,
//! not against one written to deceive the grader line by line.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::Deserialize;

use crate::lang::Lang;
use crate::msg;

/// Lines read from a record at most (the program writes at most 5000 per process).
const MAX_LINES: usize = 200_000;

/// What carried a message between two processes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    Pool,
    Executor,
    Queue,
    Pipe,
}

impl Channel {
    /// The channel's name, as the message files select on it.
    fn name(self) -> &'static str {
        match self {
            Channel::Pool => "pool",
            Channel::Executor => "executor",
            Channel::Queue => "queue",
            Channel::Pipe => "pipe",
        }
    }
}

/// What a message was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Task,
    Result,
    Put,
    Get,
    Send,
    Recv,
}

impl Role {
    /// What a worker sends: a result (a worker only ever sends those), an item put, a message.
    fn sent(self) -> bool {
        matches!(self, Role::Result | Role::Put | Role::Send)
    }

    /// What the main process receives: a result (it only ever receives those), an item got, a
    /// message.
    fn received(self) -> bool {
        matches!(self, Role::Result | Role::Get | Role::Recv)
    }
}

/// One line of the record.
#[derive(Debug, Clone, Deserialize)]
struct Line {
    #[serde(rename = "p")]
    pid: u32,
    #[serde(rename = "m")]
    main: bool,
    #[serde(rename = "s")]
    server: bool,
    #[serde(rename = "k")]
    channel: Channel,
    #[serde(rename = "r")]
    role: Role,
    /// `[place, count, sum]`, the sum as Python's `repr` wrote it.
    #[serde(rename = "v")]
    values: Vec<(String, u64, String)>,
    #[serde(default)]
    full: bool,
}

/// A sum of numbers: exact for integers, approximate once a float is in it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Number {
    Int(i128),
    Float(f64),
}

impl Number {
    pub fn parse(text: &str) -> Option<Number> {
        let text = text.trim();
        if let Ok(int) = text.parse::<i128>() {
            return Some(Number::Int(int));
        }
        text.parse::<f64>()
            .ok()
            .filter(|f| f.is_finite())
            .map(Number::Float)
    }

    fn add(self, other: Number) -> Number {
        match (self, other) {
            (Number::Int(a), Number::Int(b)) => match a.checked_add(b) {
                Some(sum) => Number::Int(sum),
                None => Number::Float(a as f64 + b as f64),
            },
            (a, b) => Number::Float(a.as_f64() + b.as_f64()),
        }
    }

    fn as_f64(self) -> f64 {
        match self {
            Number::Int(int) => int as f64,
            Number::Float(float) => float,
        }
    }

    /// Equal as integers, or within a millionth for floats (the order of a float sum changes
    /// its last digits).
    pub fn matches(self, other: Number) -> bool {
        match (self, other) {
            (Number::Int(a), Number::Int(b)) => a == b,
            (a, b) => {
                let (a, b) = (a.as_f64(), b.as_f64());
                (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1.0)
            }
        }
    }
}

impl std::fmt::Display for Number {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Number::Int(int) => write!(f, "{int}"),
            Number::Float(float) => write!(f, "{float}"),
        }
    }
}

/// Numbers seen at one place of the messages of one channel, in one direction.
#[derive(Debug, Clone)]
struct Flow {
    count: u64,
    sum: Number,
    senders: BTreeSet<u32>,
}

impl Flow {
    fn add(&mut self, count: u64, sum: Number, pid: u32) {
        self.count += count;
        self.sum = self.sum.add(sum);
        self.senders.insert(pid);
    }
}

type Flows = BTreeMap<(Channel, String), Flow>;

/// What crossed between the processes of one run.
#[derive(Debug, Clone, Default)]
pub struct Record {
    /// Numbers the workers sent: results, items put, messages sent.
    from_workers: Flows,
    /// Numbers the main process received: results, items got, messages received.
    to_main: Flows,
    /// Items each side put on or got from a multiprocessing queue.
    worker_puts: u64,
    main_gets: u64,
    /// Messages of any kind, for "nothing crossed".
    messages: u64,
    /// A process wrote as many lines as it may: what follows is missing.
    pub incomplete: bool,
    /// Lines that were not the record's (the program wrote on its descriptor).
    pub foreign_lines: u64,
}

impl Record {
    /// Reads the record a run left at `path` (a file the grader created: see
    /// `open_regular` for why it is opened with care).
    pub fn read(path: &Path) -> std::io::Result<Record> {
        use std::io::{BufRead, BufReader, Read};
        let file = crate::sandbox::hand_on::open_regular(path)?;
        let reader = BufReader::new(file.take(64 << 20));
        let mut record = Record::default();
        for line in reader.split(b'\n').take(MAX_LINES) {
            let line = line?;
            match serde_json::from_slice::<Line>(&line) {
                Ok(line) => record.add(&line),
                Err(_) if line.is_empty() => {}
                Err(_) => record.foreign_lines += 1,
            }
        }
        Ok(record)
    }

    /// The record of the lines of `text` (for tests).
    pub fn parse(text: &str) -> Record {
        let mut record = Record::default();
        for line in text.lines() {
            match serde_json::from_str::<Line>(line) {
                Ok(line) => record.add(&line),
                Err(_) => record.foreign_lines += 1,
            }
        }
        record
    }

    fn add(&mut self, line: &Line) {
        self.messages += 1;
        self.incomplete |= line.full;
        if line.server || line.role == Role::Task {
            return;
        }
        let flows = if line.main && line.role.received() {
            &mut self.to_main
        } else if !line.main && line.role.sent() {
            &mut self.from_workers
        } else {
            return;
        };
        if line.channel == Channel::Queue {
            match line.role {
                Role::Put => self.worker_puts += 1,
                Role::Get => self.main_gets += 1,
                _ => {}
            }
        }
        for (place, count, sum) in &line.values {
            let Some(sum) = Number::parse(sum) else {
                continue;
            };
            flows
                .entry((line.channel, place.clone()))
                .or_insert(Flow {
                    count: 0,
                    sum: Number::Int(0),
                    senders: BTreeSet::new(),
                })
                .add(*count, sum, line.pid);
        }
    }

    /// Whether items went through a multiprocessing queue: put by workers, got by the main
    /// process. `Err` says what was seen instead, in `lang`.
    pub fn used_queue(&self, lang: Lang) -> Result<(), String> {
        if self.worker_puts > 0 && self.main_gets > 0 {
            return Ok(());
        }
        let other = self
            .to_main
            .keys()
            .map(|(channel, _)| *channel)
            .find(|channel| *channel != Channel::Queue);
        Err(msg!(
            lang,
            "origin-queue-seen",
            puts = self.worker_puts,
            gets = self.main_gets,
            through = other.map_or("none", Channel::name)
        ))
    }

    /// Where `value` came from, in words in `lang`: `Ok` when it is what the workers sent the
    /// main process (through `channel` only, when given), `Err` why not.
    pub fn origin(
        &self,
        value: Number,
        channel: Option<Channel>,
        lang: Lang,
    ) -> Result<String, String> {
        let wanted = |key: &(Channel, String)| channel.is_none_or(|channel| key.0 == channel);
        let mut received_only = None;
        for (key, received) in self.to_main.iter().filter(|(key, _)| wanted(key)) {
            if !received.sum.matches(value) {
                continue;
            }
            match self.from_workers.get(key) {
                Some(sent) if sent.sum.matches(value) => {
                    return Ok(msg!(
                        lang,
                        "origin-from-workers",
                        count = sent.count,
                        workers = sent.senders.len(),
                        channel = key.0.name()
                    ));
                }
                Some(sent) => received_only = Some(sent.sum),
                None => received_only = Some(Number::Int(0)),
            }
        }
        let value = value.to_string();
        if let Some(sent) = received_only {
            return Err(msg!(
                lang,
                "origin-sent-other",
                value = value,
                sent = sent.to_string()
            ));
        }
        // What the main process received the most of, to say what it added up to.
        let most = self
            .to_main
            .iter()
            .filter(|(key, _)| wanted(key))
            .max_by_key(|(_, flow)| flow.count);
        Err(match most {
            Some((key, flow)) => msg!(
                lang,
                "origin-received-other",
                value = value,
                count = flow.count,
                channel = key.0.name(),
                sum = flow.sum.to_string()
            ),
            None if self.messages == 0 => msg!(lang, "origin-nothing-crossed", value = value),
            None => msg!(lang, "origin-no-number", value = value),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(
        pid: u32,
        main: bool,
        channel: &str,
        role: &str,
        values: &[(&str, u64, &str)],
    ) -> String {
        let values: Vec<String> = values
            .iter()
            .map(|(place, count, sum)| format!("[\"{place}\",{count},\"{sum}\"]"))
            .collect();
        format!(
            "{{\"p\":{pid},\"m\":{main},\"s\":false,\"k\":\"{channel}\",\"r\":\"{role}\",\"v\":[{}]}}",
            values.join(",")
        )
    }

    /// A Pool(4).map of the cubes, in 4 chunks of 25, one per worker.
    fn pool_map(printed_from_results: bool) -> String {
        let mut lines = Vec::new();
        // Partial sums of the cubes of 0..25, 25..50, 50..75, 75..100.
        let sums: Vec<u128> = (0..4u128)
            .map(|k| (k * 25..(k + 1) * 25).map(|n| n * n * n).sum())
            .collect();
        for (worker, sum) in sums.iter().enumerate() {
            let pid = 10 + worker as u32;
            let sum = if printed_from_results { *sum } else { 0 };
            let sum = sum.to_string();
            lines.push(line(pid, false, "pool", "result", &[(".*", 25, &sum)]));
            lines.push(line(1, true, "pool", "result", &[(".*", 25, &sum)]));
        }
        lines.join("\n")
    }

    #[test]
    fn a_sum_of_what_the_workers_returned_is_theirs() {
        let record = Record::parse(&pool_map(true));
        assert_eq!(
            record.origin(Number::Int(24502500), None, Lang::En),
            Ok("the sum of the 100 values that 4 workers returned through the pool".to_string())
        );
    }

    #[test]
    fn idle_workers_give_nothing_that_adds_up() {
        let record = Record::parse(&pool_map(false));
        let why = record
            .origin(Number::Int(24502500), None, Lang::En)
            .unwrap_err();
        assert_eq!(
            why,
            "24502500 did not come from the workers: the main process received 100 values from \
             the pool, which add up to 0, not 24502500"
        );
    }

    #[test]
    fn pairs_of_index_and_cube_are_added_by_place() {
        let lines = [
            line(
                10,
                false,
                "queue",
                "put",
                &[(".0", 50, "1225"), (".1", 50, "1500625")],
            ),
            line(
                11,
                false,
                "queue",
                "put",
                &[(".0", 50, "3725"), (".1", 50, "23001875")],
            ),
            line(
                1,
                true,
                "queue",
                "get",
                &[(".0", 50, "1225"), (".1", 50, "1500625")],
            ),
            line(
                1,
                true,
                "queue",
                "get",
                &[(".0", 50, "3725"), (".1", 50, "23001875")],
            ),
        ]
        .join("\n");
        let record = Record::parse(&lines);
        assert!(record.used_queue(Lang::En).is_ok());
        assert_eq!(
            record.origin(Number::Int(24502500), Some(Channel::Queue), Lang::En),
            Ok("the sum of the 100 values that 2 workers put on the queue".to_string())
        );
        // The pool was not used.
        assert!(record
            .origin(Number::Int(24502500), Some(Channel::Pool), Lang::En)
            .is_err());
    }

    #[test]
    fn what_the_main_process_sent_itself_is_not_the_workers() {
        let lines = [
            line(1, true, "queue", "put", &[("", 1, "24502500")]),
            line(1, true, "queue", "get", &[("", 1, "24502500")]),
        ]
        .join("\n");
        let record = Record::parse(&lines);
        assert_eq!(
            record
                .origin(Number::Int(24502500), None, Lang::En)
                .unwrap_err(),
            "24502500 did not come from the workers: the values the main process received add \
             up to it, but what the workers sent adds up to 0"
        );
        assert_eq!(
            record.used_queue(Lang::En).unwrap_err(),
            "the main process got 1 item from a queue, but no worker put any"
        );
    }

    #[test]
    fn nothing_crossed_says_so() {
        let record = Record::parse("");
        assert!(record
            .origin(Number::Int(24502500), None, Lang::En)
            .unwrap_err()
            .contains("no value crossed between the program's processes"));
        let pool_only = Record::parse(&pool_map(true));
        assert_eq!(
            pool_only.used_queue(Lang::En).unwrap_err(),
            "no worker put anything on a queue; the values came back through a pool"
        );
    }

    #[test]
    fn float_sums_match_within_rounding_and_foreign_lines_are_counted() {
        let lines = [
            line(10, false, "pipe", "send", &[("", 1, "0.30000000000000004")]),
            line(1, true, "pipe", "recv", &[("", 1, "0.30000000000000004")]),
            "garbage".to_string(),
        ]
        .join("\n");
        let record = Record::parse(&lines);
        assert!(record.origin(Number::Float(0.3), None, Lang::En).is_ok());
        assert_eq!(record.foreign_lines, 1);
    }

    #[test]
    fn where_a_value_came_from_is_said_in_french() {
        let honest = Record::parse(&pool_map(true));
        assert_eq!(
            honest.origin(Number::Int(24502500), None, Lang::Fr),
            Ok(
                "la somme des 100 valeurs que 4 processus de travail ont renvoyées par le pool"
                    .to_string()
            )
        );
        let idle = Record::parse(&pool_map(false));
        assert_eq!(
            idle.origin(Number::Int(24502500), None, Lang::Fr),
            Err(
                "24502500 ne vient pas des processus de travail : le processus principal a reçu \
                 100 valeurs du pool, dont la somme fait 0, et non 24502500"
                    .to_string()
            )
        );
        let one = [
            line(10, false, "queue", "put", &[("", 1, "24502500")]),
            line(1, true, "queue", "get", &[("", 1, "24502500")]),
        ]
        .join("\n");
        let one = Record::parse(&one);
        assert_eq!(
            one.origin(Number::Int(24502500), None, Lang::Fr),
            Ok(
                "la somme de la seule valeur qu'un processus de travail a mise dans la file"
                    .to_string()
            )
        );
        assert_eq!(
            one.origin(Number::Int(24502500), None, Lang::En),
            Ok("the sum of the 1 value that 1 worker put on the queue".to_string())
        );
        let itself = [
            line(1, true, "queue", "put", &[("", 1, "24502500")]),
            line(1, true, "queue", "get", &[("", 1, "24502500")]),
        ]
        .join("\n");
        assert_eq!(
            Record::parse(&itself).origin(Number::Int(24502500), None, Lang::Fr),
            Err(
                "24502500 ne vient pas des processus de travail : les valeurs que le processus \
                 principal a reçues ont bien cette somme, mais ce que les processus de travail \
                 ont envoyé a pour somme 0"
                    .to_string()
            )
        );
        assert_eq!(
            Record::parse("").origin(Number::Int(24502500), None, Lang::Fr),
            Err(
                "24502500 ne vient pas des processus de travail : aucune valeur n'est passée \
                 entre les processus du programme par multiprocessing (un Pool, une Queue, un \
                 Pipe ou un ProcessPoolExecutor)"
                    .to_string()
            )
        );
        let tasks_only = Record::parse(&line(1, true, "pool", "task", &[("", 1, "5")]));
        assert_eq!(
            tasks_only.origin(Number::Int(24502500), None, Lang::Fr),
            Err(
                "24502500 ne vient pas des processus de travail : les processus de travail \
                 n'ont envoyé aucun nombre au processus principal"
                    .to_string()
            )
        );
        assert_eq!(
            tasks_only.origin(Number::Int(24502500), None, Lang::En),
            Err(
                "24502500 did not come from the workers: the workers sent the main process no \
                 number"
                    .to_string()
            )
        );
    }

    #[test]
    fn what_went_through_the_queues_is_said_in_french() {
        let got_only = [
            line(1, true, "queue", "put", &[("", 1, "24502500")]),
            line(1, true, "queue", "get", &[("", 1, "24502500")]),
        ]
        .join("\n");
        assert_eq!(
            Record::parse(&got_only).used_queue(Lang::Fr).unwrap_err(),
            "le processus principal a pris 1 élément dans une file, mais aucun processus de \
             travail n'en a mis"
        );
        let put_only = [
            line(10, false, "queue", "put", &[("", 1, "1")]),
            line(11, false, "queue", "put", &[("", 1, "8")]),
            line(1, true, "executor", "result", &[("", 1, "9")]),
        ]
        .join("\n");
        let put_only = Record::parse(&put_only);
        assert_eq!(
            put_only.used_queue(Lang::Fr).unwrap_err(),
            "les processus de travail ont mis 2 éléments dans une file, mais le processus \
             principal n'en a pris aucun ; les valeurs sont revenues par un exécuteur"
        );
        assert_eq!(
            put_only.used_queue(Lang::En).unwrap_err(),
            "the workers put 2 items on a queue, but the main process got none; the values came \
             back through an executor"
        );
        assert_eq!(
            Record::parse(&pool_map(true))
                .used_queue(Lang::Fr)
                .unwrap_err(),
            "aucun processus de travail n'a mis quoi que ce soit dans une file ; les valeurs sont \
             revenues par un pool"
        );
    }
}
