// Generated from schemas/swarm-spec.schema.json by `npm run gen:validators`; edit the schema, not this file.
// The shape of a document that passed the schema, with its defaults filled in.

export type Id = string
/**
 * @minItems 1
 */
export type Stages = [Id, ...(Id)[]]
/**
 * @minItems 1
 */
export type Argv = [string, ...(string)[]]
export type Strings = string[]
export type Strings1 = string[]
export type Strings2 = string[]
export type Complexity = ("mechanical" | "chore" | "requires-judgment" | "multi-step")
export type Strings3 = string[]
export type Strings4 = string[]
export type Strings5 = string[]
export type Strings6 = string[]
export type Strings7 = string[]
export type Duration = string
export type Strings8 = string[]
/**
 * @minItems 1
 */
export type Stages1 = [Id, ...(Id)[]]
export type Strings9 = string[]

export interface SpecDocument {
version: 1
project: Id
repo: string
base: string
workers: string
store: string
pipeline: Stages
worktree: {
setup: Argv[]
copy: Strings
retry_from: ("fresh" | "previous")
cache: {
key?: Strings1
paths: Strings2
}
}
dispatch: {
serialize_overlapping: boolean
}
refinery: {
validate?: Argv
strategy: ("batch" | "serial")
batch_size: number
review: {
complexity: Complexity[]
tags: Strings3
paths: Strings4
sample_rate: number
seed: number
worker?: Id
}
max_kickbacks: number
}
schedules: {
name: Id
cron: string
job: ("janitor" | "refinery" | "swarm" | "sync")
args: Strings5
}[]
limits: {
max_attempts: number
lease: string
stalled_after: string
backoff: string
budget_usd?: number
}
tasks: Task[]
}
export interface Task {
id: Id
title: string
description: string
depends_on: Id[]
tags: Strings6
complexity?: Complexity
files: Strings7
effort?: Duration
priority: number
worker?: Id
needs: Strings8
pipeline?: Stages1
acceptance: Strings9
max_cost_usd?: number
}
