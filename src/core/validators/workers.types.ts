// Generated from schemas/workers.schema.json by `npm run gen:validators`; edit the schema, not this file.
// The shape of a document that passed the schema, with its defaults filled in.

/**
 * @minItems 1
 */
export type Argv = [string, ...(string)[]]
export type Strings = string[]
export type Strings1 = string[]
export type Id = string
export type EnvName = string
export type Duration = string

export interface RegistryDocument {
workers: {
[k: string]: Worker
}
routing: {
default?: Id
complexity: {
mechanical?: Id
chore?: Id
"requires-judgment"?: Id
"multi-step"?: Id
}
tags: {
high_stakes?: TagRule
bulk?: TagRule
}
heuristics: Heuristic[]
}
sizing: {
max_total: number
tiers: {
ready_at_most: number
total: number
}[]
}
}
export interface Worker {
command: Argv
capabilities: Strings
cost: number
speed: number
max_concurrent: number
best_for: Strings1
fallback?: Id
env_pass: EnvName[]
timeout: string
stall_timeout: string
max_restarts: number
author?: string
dialect?: ("claude" | "gemini" | "codex" | "generic")
}
export interface TagRule {
/**
 * @minItems 1
 */
tags: [string, ...(string)[]]
worker: Id
}
export interface Heuristic {
name: Id
files_over?: number
files_at_most?: number
effort_over?: Duration
effort_at_most?: Duration
worker: Id
}
